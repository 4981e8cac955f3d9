"""Reads the report's HTML back: its tables by id, its groups, its visible text."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Dict, List


class ReportPage(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: Dict[str, List[List[str]]] = {}
        self.groups: List[Dict] = []
        self.text_parts: List[str] = []
        self.tags: List[str] = []
        self._table = None
        self._row = None
        self._cell = None
        self._group = None
        self._in = {"h3": False, "li": False, "style": False}
        self._buffer = ""
        self.feed(html)

    @property
    def text(self) -> str:
        return " ".join(self.text_parts)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id", ""), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "div" and "group" in (attrs.get("class") or "").split():
            self._group = {"title": "", "items": []}
            self.groups.append(self._group)
        elif tag in self._in:
            self._in[tag] = True
            self._buffer = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None:
            if self._row and self._table is not None:
                self._table.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "div" and self._group is not None and not self._in["li"]:
            self._group = None
        elif tag in self._in:
            self._in[tag] = False
            if self._group is not None and tag == "h3":
                self._group["title"] = self._buffer.strip()
            elif self._group is not None and tag == "li":
                self._group["items"].append(self._buffer.strip())

    def handle_data(self, data):
        if self._in["style"]:
            return
        self.text_parts.append(data)
        if self._cell is not None:
            self._cell += data
        if self._in["h3"] or self._in["li"]:
            self._buffer += data

    def rows(self, table_id: str) -> List[List[str]]:
        """Body rows (the header row left out)."""
        return self.tables[table_id][1:]

    def column(self, table_id: str) -> Dict[str, str]:
        return {row[0]: row[1] for row in self.rows(table_id)}
