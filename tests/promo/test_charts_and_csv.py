import csv
import io

from promo.dashboards.charts import LineChart, Sparkline
from promo.web.csv_export import csv_response, neutralise


def test_a_sparkline_describes_itself():
    svg = Sparkline(values=[0, 2, 1], labels=["Jan", "Feb", "Mar"]).svg("Strong evidence")
    assert 'role="img"' in svg
    assert (
        'aria-label="Strong evidence: 3 in total. Feb: 2, Mar: 1; none in the other months."' in svg
    )
    assert svg.count("h-") == 2, "a bar per month with strong evidence"
    assert "style=" not in svg


def test_a_sparkline_with_no_data_is_flat():
    svg = Sparkline(values=[0] * 12, labels=[str(m) for m in range(12)]).svg("Nothing yet")
    assert "0 in total, none in 12 months." in svg
    assert 'class="spark-bar"' not in svg and 'class="spark-base"' in svg


def test_titles_are_escaped():
    svg = Sparkline(values=[1], labels=["<b>"]).svg('<script>alert("x")</script>')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg


def test_a_line_chart_draws_each_series_with_a_text_alternative():
    chart = LineChart(labels=["2026-01", "2026-02"], series={"Ready": [1, 3], "Close": [2, 2]})
    svg = chart.svg("Readiness over time")
    assert svg.count("<polyline") == 2
    assert "Ready: 2026-01 1, 2026-02 3. Close: 2026-01 2, 2026-02 2." in svg


def test_it_neutralises_formula_cells():
    assert neutralise('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    for trigger in "=+-@":
        assert neutralise(f"{trigger}1") == f"'{trigger}1"
    assert neutralise("plain") == "plain" and neutralise(None) == "" and neutralise(3) == "3"


def test_a_csv_response_neutralises_every_cell():
    response = csv_response("team.csv", ["Name", "=cmd"], [["-2+3", "@SUM(A1)"], ["Olive", 5]])
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Name", "'=cmd"], ["'-2+3", "'@SUM(A1)"], ["Olive", "5"]]
    assert response["Content-Disposition"] == 'attachment; filename="team.csv"'
