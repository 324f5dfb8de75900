"""The site plan (outputs/plan.py) decides every address: a page's Markdown file, its URL and
every published file's path are written there and nowhere else in the generator."""

from __future__ import annotations

import ast
import re

from sitebuild import PROJECT

from generator.outputs.plan import FILES, PAGES, file_path, page_url, relative_url, src_uri, url_of

#: What an address written by hand looks like: a page's or file's folder with a slash, a
#: Markdown file, or one of the site's own files.
ADDRESS = re.compile(
    r"^/?(claims|sources|claimants|data|pagefind|sitemaps|assets/factcheck)/"
    r"|[\w-]\.md$|^/?feed\.xml$|/(year|initial)/"
)


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string the code holds (f-strings' literal parts too), but docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_address_is_written_outside_the_plan() -> None:
    found = []
    for path in sorted((PROJECT / "generator").rglob("*.py")):
        if path.name == "plan.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(PROJECT)}:{line}: {text!r}"
            for line, text in _strings(tree)
            if ADDRESS.search(text)
        ]
    assert found == []


def test_the_scheme_is_a_function_of_kind_and_key() -> None:
    assert src_uri("claim", "x") == "claims/x.md"
    assert url_of("claimant", "мария") == "claimants/%D0%BC%D0%B0%D1%80%D0%B8%D1%8F/"
    assert url_of("claim", "x", "q0-s1", directory_urls=False) == "claims/x.html#q0-s1"
    assert url_of("source-text", "x") == file_path("source-text", "x") == "sources/x.txt"
    assert page_url("index.md") == "" and page_url("claims/index.md") == "claims/"
    assert relative_url("claims/x/", "sources/y/") == "../../claims/x/"
    assert set(PAGES).isdisjoint(FILES)
