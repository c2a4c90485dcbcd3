import io

from rich.console import Console

from logistics.demo import run_demo


def test_demo_prints_the_synthetic_day():
    out = io.StringIO()
    run_demo(seed=3, n_orders=60, console=Console(file=out, width=100))
    text = out.getvalue()
    assert "seed=3 orders=60" in text
    assert "Rio de Janeiro" in text
    assert "orders" in text and "60" in text
