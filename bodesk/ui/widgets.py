"""Small widgets shared by the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """What a tab shows when it has nothing yet: what will appear here and how to get it in."""

    def __init__(self, title: str, text: str, action_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title = QLabel(title)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width lets the wrapped label compute its height; with only a maximum it gets cut off.
        self.text.setFixedWidth(540)
        self.text.setMinimumHeight(self.text.heightForWidth(540))
        layout.addWidget(self.title)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)


class EmptyOr(QStackedWidget):
    """Shows `content`, or the empty state while there is nothing to show."""

    def __init__(self, empty: EmptyState, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = empty
        self.content = content
        self.addWidget(content)
        self.addWidget(empty)

    def set_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty


class TabView(QWidget):
    """A tab that refreshes only while it is on screen.

    A change that concerns a hidden tab only marks it stale; it refreshes when it is next shown.
    So the window opens with one query for the visible tab, however large the workspace.
    Subclasses implement `refresh()` and call `request_refresh()` when a change concerns them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = True

    def refresh(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError

    def request_refresh(self) -> None:
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()
