"""The package re-exports its public API, so callers write ``from tsunagu.jp import …``."""

import tsunagu.jp


def test_all_names_are_exported() -> None:
    for name in tsunagu.jp.__all__:
        assert getattr(tsunagu.jp, name) is not None
    assert tsunagu.jp.search_key("髙橋") == "高橋"
