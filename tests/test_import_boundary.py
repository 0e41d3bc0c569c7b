import subprocess
import sys


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_import_loads_no_front_end_or_plotting_library():
    out = _run(
        "import sys, mlqa_nb; "
        "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib', 'sklearn', 'pandas') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_profile_and_html_need_no_front_end_or_plotting_library():
    out = _run(
        "import sys, pandas as pd, mlqa_nb as mq; "
        "mq.profile(pd.DataFrame({'a': [1, 2, 3, 1000] * 30, 'y': [0, 1] * 60}), target='y').to_html(); "
        "print(sorted(m for m in ('IPython', 'ipywidgets', 'matplotlib', 'sklearn') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_unknown_attribute_is_a_clear_error():
    import mlqa_nb

    try:
        mlqa_nb.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
