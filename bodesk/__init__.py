"""bodesk: the back-office desk for small offices.

Invoices in, routine decisions made, people left with the exceptions.
The version lives here and nowhere else.
"""

__version__ = "0.1.0"
APP_NAME = "bodesk"
