"""Help › Manual and Help › Keyboard shortcuts: a short manual of the daily work, and every key,
the window's menu shortcuts read from its actions so the list never goes stale."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

MANUAL = """
<h2>bodesk in five minutes</h2>
<h3>1. Invoices come in</h3>
<p>Drop PDFs, scans or e-invoices anywhere on the window, or use <b>File › Import…</b>. Watched folders
(a scanner's output) and mailboxes are set up under <b>Settings › Sources…</b>; they are checked in
the background while bodesk is open. Each file is kept once, however often it arrives.</p>
<h3>2. bodesk reads and checks them</h3>
<p>Vendor, number, dates, amounts, PO number, bank details and lines are read without templates and
checked against your vendors, purchase orders, goods received and earlier invoices. What matches,
from a verified vendor, under the auto-approval limit, is approved with no one touching it.</p>
<h3>3. You look only at the exceptions</h3>
<p>The <b>Exceptions</b> tab lists each invoice that needs a person once, its problems as coloured
chips, the most serious first, with the document beside them. <b>Resolve…</b> offers the safe way
first: correct a reading in the invoice, verify a new vendor (this settles its other invoices too),
trust new bank details (two people, when the settings ask for it). Every decision asks why and is kept.</p>
<h3>4. Correcting a field</h3>
<p>In the <b>Inbox</b>, select an invoice: the document is on the left, the fields on the right. Type
dates and amounts as your office writes them, or pick a date from the calendar. Focusing a field
outlines where it was read on the page. <b>Enter</b> or <b>Ctrl+S</b> saves every changed field
together; a value that cannot be read is marked and nothing is saved until it is fixed. Leaving an
invoice with unsaved corrections asks first.</p>
<h3>5. The founder decides</h3>
<p>The <b>Approvals</b> tab shows one invoice at a time: <b>A</b> approves (an Undo note appears for a
few seconds), <b>R</b> rejects with a reason, <b>S</b> skips.</p>
<h3>6. Everything is on record</h3>
<p>Every automatic and human decision is in the audit trail: an invoice's history is under its fields,
and <code>bodesk audit export</code> writes the whole trail. Each action in the window has a
command-line twin (<code>bodesk --help</code>).</p>
"""

TAB_KEYS = (
    ("Inbox", (("Enter or Ctrl+S", "save the changed fields together"), ("Tab / Shift+Tab", "next / previous field"))),
    ("Exceptions", (("Enter or Ctrl+R", "resolve the chosen exception"), ("Ctrl+I", "open the invoice to correct it"),
                    ("Ctrl+G", "assign to a person"), ("Ctrl+M", "comment"), ("Ctrl+A", "select all (bulk resolve)"))),
    ("Approvals", (("A", "approve"), ("R", "reject (asks why)"), ("S", "skip to the next"), ("N", "write a note"),
                   ("Ctrl+Z", "undo an approval while its note shows"))),
)


def shortcuts_html(window: QWidget) -> str:
    """Every menu shortcut of `window`, then the keys of each tab, as an HTML table."""
    rows = []
    seen = set()
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text and (keys, text) not in seen:
            seen.add((keys, text))
            rows.append((keys, text))
    html = ["<h2>Keyboard shortcuts</h2><table cellpadding='4'>"]
    html += [f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in sorted(rows, key=lambda r: r[1].lower())]
    html.append("</table>")
    for tab, keys in TAB_KEYS:
        html.append(f"<h3>{tab}</h3><table cellpadding='4'>")
        html += [f"<tr><td><b>{k}</b></td><td>{t}</td></tr>" for k, t in keys]
        html.append("</table>")
    return "".join(html)


class HelpDialog(QDialog):
    """A page of help text, sized for a laptop screen."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(html)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
