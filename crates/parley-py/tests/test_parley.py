"""The Python package against the command line: every function, its JSON equal to the CLI's,
DataFrames in and out, bad input, Ctrl-C, and the Dask path on a LocalCluster.

Run by `crates/parley-cli/tests/python.rs` (part of `cargo test --workspace`) through
`scripts/python-tests.sh`, which builds the package into a venv under target/ and sets
PARLEY_BIN to the `parley` binary of the same build.
"""

import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import parley

ROOT = Path(__file__).resolve().parents[3]
FLAGSHIP = ROOT / "scenarios" / "grand-bargain-2025.toml"
TOY = ROOT / "scenarios" / "toy-tariff.toml"


def parley_bin() -> str:
    env = os.environ.get("PARLEY_BIN")
    if env:
        return env
    for build in ("debug", "release"):
        p = ROOT / "target" / build / "parley"
        if p.exists():
            return str(p)
    pytest.fail("set PARLEY_BIN to the parley binary (cargo build -p parley-cli)")


def cli(*args: str) -> str:
    """The CLI's stdout without its final newline (print() adds one)."""
    out = subprocess.run([parley_bin(), *args], check=True, capture_output=True, text=True).stdout
    assert out.endswith("\n")
    return out[:-1]


# --- loading and validation -------------------------------------------------------------


def test_load_from_path_text_dict_and_flagship_agree():
    from_path = parley.load(FLAGSHIP)
    from_str_path = parley.load(str(FLAGSHIP))
    from_text = parley.load(FLAGSHIP.read_text())
    assert from_path == from_str_path == from_text == parley.flagship()
    assert from_path.name.startswith("Grand bargain 2025")
    toy = {
        "scenario": {"name": "dict"},
        "issue": [{"id": "x", "name": "X", "low": "no", "high": "yes", "status_quo": 20}],
        "actor": [
            {"id": "a", "name": "A", "capability": 2, "stance": {"x": {"position": 10, "salience": 0.5}}},
            {"id": "b", "name": "B", "capability": 1, "stance": {"x": {"position": 70, "salience": 0.8}}},
        ],
    }
    s = parley.load(toy)
    assert [r[0] for r in s.actor_rows()] == ["a", "b"]
    # compromise = sum(c s x) / sum(c s) by hand.
    want = (2 * 0.5 * 10 + 1 * 0.8 * 70) / (2 * 0.5 + 1 * 0.8)
    got = parley.run(s, models="compromise").forecasts()["compromise"]["x"]
    assert got == pytest.approx(want, rel=1e-12)


def test_validate_raises_scenario_error_with_located_problems_like_the_cli(tmp_path):
    bad = TOY.read_text().replace("salience = 0.5", "salience = 80").replace(
        '[scenario]\n', '[scenario]\ncolour = "red"\n'
    )
    path = tmp_path / "bad.toml"
    path.write_text(bad)
    with pytest.raises(parley.ScenarioError) as e:
        parley.validate(path)
    problems = e.value.problems
    codes = [p["code"] for p in problems]
    assert "unknown-key" in codes and "salience-out-of-range" in codes
    sal = next(p for p in problems if p["code"] == "salience-out-of-range")
    assert sal["path"] == "actor[1].stance.tariff.salience.value"
    # Same line and column as the CLI's rendering.
    proc = subprocess.run([parley_bin(), "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"{path}:{sal['line']}:{sal['column']}" in proc.stderr
    assert isinstance(e.value, ValueError)
    assert "salience" in str(e.value)


def test_wrong_types_raise_type_errors_not_crashes():
    s = parley.flagship()
    with pytest.raises(TypeError, match="takes a path"):
        parley.load(42)
    with pytest.raises(TypeError):
        parley.monte_carlo(s, runs="many")
    with pytest.raises(TypeError):
        parley.run(s, models=[1, 2])
    with pytest.raises(ValueError, match="unknown model 'nope'"):
        parley.run(s, models="nope")
    # An empty selection is refused, as by the web API, rather than read as every model.
    for empty in ([], "", " , "):
        with pytest.raises(ValueError, match=r"models is empty; leave it out \(None\) to run every model"):
            parley.run(s, models=empty)
    with pytest.raises(ValueError, match="models is empty"):
        parley.monte_carlo(s, runs=10, models=[])
    with pytest.raises(ValueError, match="at least 1"):
        parley.monte_carlo(s, runs=0)
    with pytest.raises(OverflowError):
        parley.monte_carlo(s, runs=-5)
    with pytest.raises(FileNotFoundError):
        parley.load("no-such-file.toml")


def _dict_scenario(capability=2.0, position=10.0):
    return {
        "scenario": {"name": "dict"},
        "issue": [{"id": "x", "name": "X", "low": "no", "high": "yes", "status_quo": 20}],
        "actor": [
            {"id": "a", "name": "A", "capability": capability,
             "stance": {"x": {"position": position, "salience": 0.5}}},
            {"id": "b", "name": "B", "capability": 1, "stance": {"x": {"position": 70, "salience": 0.8}}},
        ],
    }


def test_load_of_a_dict_names_every_nan_or_infinity_by_its_key_path():
    # sweep2 item 13a: json.dumps wrote NaN, which the JSON reader refused as a syntax error at
    # a column of text the caller never wrote. NaN is pandas' missing value, so name the key.
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(_dict_scenario(capability=float("nan"), position=float("-inf")))
    problems = e.value.problems
    assert [(p["code"], p["path"]) for p in problems] == [
        ("not-finite", "actor[0].capability"),
        ("not-finite", "actor[0].stance.x.position"),
    ]
    assert problems[0]["message"] == "actor[0].capability is nan; give a finite number"
    assert problems[1]["message"] == "actor[0].stance.x.position is -inf; give a finite number"
    assert "syntax" not in str(e.value)
    assert "actor[0].capability is nan; give a finite number" in str(e.value)
    # numpy's floats are caught as well.
    np = pytest.importorskip("numpy")
    with pytest.raises(parley.ScenarioError, match=r"actor\[0\]\.capability is inf; give a finite"):
        parley.load(_dict_scenario(capability=np.float64("inf")))
    assert parley.load(_dict_scenario()).actor_rows()[0] == ("a", "A", 2.0)



def test_load_of_a_dict_takes_dates_and_any_number_type_and_names_what_it_cannot():
    # sweep6 B5: a dict from tomllib (its dates are datetime.date), numpy integers and sets
    # raised json's TypeError, with no key path and no ScenarioError.
    import datetime
    import fractions

    np = pytest.importorskip("numpy")
    doc = _dict_scenario(capability=np.int64(3), position=fractions.Fraction(21, 2))
    doc["scenario"]["date"] = datetime.date(2025, 3, 4)
    got = parley.load(doc)
    # The same scenario as the TOML a file would have: the date as its ISO text.
    plain = _dict_scenario(capability=3, position=10.5)
    plain["scenario"]["date"] = "2025-03-04"
    assert got == parley.load(plain)
    assert got.actor_rows()[0] == ("a", "A", 3.0)
    # What JSON cannot hold is refused by its key path, all at once, with no line or column.
    bad = _dict_scenario()
    bad["actor"][0]["tags"] = {"x", "y"}
    bad["issue"][0]["status_quo"] = object()
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(bad)
    assert [(p["code"], p["path"], p["line"], p["column"]) for p in e.value.problems] == [
        ("wrong-type", "issue[0].status_quo", None, None),
        ("wrong-type", "actor[0].tags", None, None),
    ]
    assert e.value.problems[1]["message"] == (
        "actor[0].tags is a set; give a str, a number, a bool, a date, a list or a dict"
    )
    # A dict that holds itself: told, not a RecursionError.
    loop = _dict_scenario()
    loop["actor"][1]["stance"]["x"]["again"] = loop["actor"]
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(loop)
    assert [(p["code"], p["path"]) for p in e.value.problems] == [
        ("cycle", "actor[1].stance.x.again"),
    ]
    # The same list twice (not inside itself) is no cycle.
    shared = _dict_scenario()
    twice = {"position": 40, "salience": 0.5}
    shared["actor"][0]["stance"]["x"] = twice
    shared["actor"][1]["stance"]["x"] = twice
    assert parley.load(shared).stance_rows()[1] == ("b", "x", 40.0, 0.5)


def test_problems_of_a_dict_have_no_line_or_column_of_the_internal_json():
    # sweep6 B5: `<dict>:1:296: error[wrong-type]` gave a column of the JSON text Python made
    # from the dict, which the caller never saw. The key path names the place.
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(_dict_scenario(capability="big"))
    problems = e.value.problems
    assert problems and all(p["line"] is None and p["column"] is None for p in problems)
    assert "actor[0].capability" in [p["path"] for p in problems]
    assert str(e.value).startswith("<dict>: error[")
    # Text keeps its places.
    with pytest.raises(parley.ScenarioError) as e:
        parley.load(json.dumps(_dict_scenario(capability="big")))
    assert all(p["line"] == 1 for p in e.value.problems)

def test_a_single_string_is_one_item_of_every_list_argument():
    # sweep2 item 13b: conditions="tariff >= 50" was split into its characters.
    toy = parley.load(TOY)
    one = parley.monte_carlo(toy, runs=20, conditions="tariff >= 50")
    assert one == parley.monte_carlo(toy, runs=20, conditions=["tariff >= 50"])
    own = [c["condition"] for c in parley.monte_carlo(toy, runs=20).data["conditions"]]
    assert [c["condition"] for c in one.data["conditions"]] == own + ["tariff >= 50"]
    s = parley.flagship()
    assert parley.compare(s, what_ifs="us_stops_aid", models="compromise") == parley.compare(
        s, what_ifs=["us_stops_aid"], models="compromise"
    )
    edit = "usa.ukraine_aid.salience=0.3"
    assert parley.compare(s, edits=edit, models="compromise") == parley.compare(
        s, edits=[edit], models="compromise"
    )
    assert s.with_edits(edit) == s.with_edits([edit])
    with pytest.raises(TypeError, match=r"conditions\[1\] must be a str, not int"):
        parley.monte_carlo(toy, runs=5, conditions=["tariff >= 50", 3])
    with pytest.raises(TypeError, match="what_ifs must be a str or a list of str, not int"):
        parley.compare(s, what_ifs=3)
    with pytest.raises(TypeError, match=r"^edits\[0\] must be a str, not int$"):
        s.with_edits([3])
    with pytest.raises(TypeError, match=r"^edits must be a str or a list of str, not bytes$"):
        s.with_edits(b"usa.capability = 2")


def test_messages_name_python_arguments_not_command_line_flags():
    # sweep2 item 13: "--runs must be at least 2" from sensitivity(runs=1).
    s = parley.load(TOY)
    with pytest.raises(ValueError) as e:
        parley.sensitivity(s, runs=1)
    assert str(e.value) == "runs must be at least 2; 1 would give no variance to share out"
    with pytest.raises(ValueError) as e:
        parley.report(s, runs=1)
    assert str(e.value).startswith("runs must be 0 (point values only) or at least 2")
    with pytest.raises(ValueError) as e:
        parley.advise(s, "nobody", runs=0)
    assert str(e.value) == "unknown actor 'nobody' (argument `actor`); actors: north, south"


def test_a_bad_edit_is_named_by_the_argument_it_came_in():
    # The messages said "what-if 'edits'" (and, from compare, "what-if '<the edit>'"), as if
    # the edits were a what-if of the scenario.
    s = parley.flagship()
    bad = "usa.iran_nuclear.mood = 3"
    with pytest.raises(ValueError) as e:
        s.with_edits([bad])
    assert str(e.value).startswith(f'edit "{bad}" in argument `edits`: unknown field \'mood\'; ')
    with pytest.raises(ValueError) as e:
        parley.compare(s, edits=[bad])
    assert str(e.value).startswith(f'edit "{bad}" in argument `edits`: unknown field \'mood\'; ')
    with pytest.raises(ValueError, match=r"^the edits in argument `edits` leave an invalid scenario: "):
        s.with_edits(["usa.iran_nuclear.salience = 3"])


# --- results equal the CLI's JSON ------------------------------------------------------


def test_run_equals_the_cli_for_the_flagship_a_file_and_one_model():
    assert parley.run(parley.flagship()).to_json() == cli("run", "--format", "json")
    assert parley.run(TOY).to_json() == cli("run", str(TOY), "--format", "json")
    got = parley.run(parley.flagship(), models=["eum", "nbs"]).to_json()
    assert got == cli("run", "--model", "eum,nbs", "--format", "json")


def test_run_result_as_pandas_and_numpy_rounds():
    r = parley.run(parley.flagship())
    df = r.to_pandas()
    assert list(df.columns) == ["compromise", "nbs", "eum", "exchange", "smp"]
    assert df.loc["iran_nuclear", "eum"] == r.data["models"][2]["forecast"]["iran_nuclear"]
    assert r.gains().loc["usa", "compromise"] == r.data["models"][0]["gains"]["usa"]["total"]
    rounds, actors, issues = r.rounds("exchange")
    assert rounds.shape == (len(r.data["models"][3]["rounds"]), 8, 4)
    first = r.data["models"][3]["rounds"][0]["positions"]
    assert rounds[0, actors.index("usa"), issues.index("ukraine_aid")] == first["usa"]["ukraine_aid"]
    # irn_leader takes no part in ukraine_aid.
    assert math.isnan(rounds[0, actors.index("irn_leader"), issues.index("ukraine_aid")])
    with pytest.raises(ValueError, match="not iterative"):
        r.rounds("compromise")


def test_monte_carlo_sensitivity_compare_bargain_equal_the_cli():
    s = parley.flagship()
    assert parley.monte_carlo(s, runs=300, seed=4, conditions=["iran_nuclear >= 50"]).to_json() == cli(
        "mc", "--runs", "300", "--seed", "4", "--condition", "iran_nuclear >= 50", "--format", "json"
    )
    assert parley.sensitivity(s, runs=50, models="compromise,nbs").to_json() == cli(
        "sensitivity", "--runs", "50", "--model", "compromise,nbs", "--format", "json"
    )
    edit = "usa.ukraine_aid.salience=0.3"
    assert parley.compare(s, edits=[edit], models="compromise").to_json() == cli(
        "compare", "--set", edit, "--model", "compromise", "--format", "json"
    )
    assert parley.compare(s).to_json() == cli("compare", "--format", "json")
    assert parley.bargain(s, runs=50).to_json() == cli("bargain", "--runs", "50", "--format", "json")
    mc = parley.monte_carlo(s, runs=300, seed=4)
    frame = mc.to_pandas()
    assert frame.loc[("nbs", "iran_nuclear"), "mean"] == mc.data["models"][1]["issues"]["iran_nuclear"]["mean"]


def test_sensitivity_with_sobol_equals_the_cli():
    # usability item 30 (related): the CLI's --sobol, which docs/uncertainty.md recommends.
    s = parley.load(TOY)
    told = []
    got = parley.sensitivity(s, runs=40, seed=3, sobol=64, sobol_resamples=40,
                             progress=lambda d, t: told.append((d, t)))
    assert got.to_json() == cli("sensitivity", str(TOY), "--runs", "40", "--seed", "3", "--sobol",
                                "64", "--sobol-resamples", "40", "--format", "json")
    assert "sobol" in got.to_json()
    # Steps: the inputs' ends, the runs, then the 64 base samples.
    inputs = parley.monte_carlo(s, runs=1).data["uncertain_inputs"]
    assert told[-1] == (inputs + 40 + 64, inputs + 40 + 64)
    assert parley.sensitivity(s, runs=40, sobol=64, models="compromise").to_json() == cli(
        "sensitivity", str(TOY), "--runs", "40", "--sobol", "64", "--model", "compromise",
        "--format", "json")
    with pytest.raises(ValueError, match=r"^sobol=10 is too few base samples"):
        parley.sensitivity(s, runs=40, sobol=10)
    with pytest.raises(ValueError, match=r"sobol=1000000 needs 1000000 x \("):
        parley.sensitivity(s, runs=40, sobol=1_000_000)
    # 1 to 39 resamples cannot give a 95% percentile interval (sweep 6 item A1); nor over 10,000.
    for resamples in (1, 39, 10_001):
        with pytest.raises(ValueError, match=f"sobol_resamples={resamples} cannot give a 95% interval"):
            parley.sensitivity(s, runs=40, sobol=64, sobol_resamples=resamples)


def test_compare_makes_one_variant_of_all_what_ifs_and_edits_as_the_cli():
    # sweep2 item 6: Python made one variant per what-if and per edit; `parley compare` makes
    # one of them all (docs/cli.md, "One meaning per flag").
    s = parley.flagship()
    both = parley.compare(s, what_ifs=["us_stops_aid", "us_aid_salience_half"], models="compromise")
    assert [v["variant"] for v in both.data["variants"]] == ["us_stops_aid + us_aid_salience_half"]
    assert both.to_json() == cli(
        "compare", "--what-if", "us_stops_aid", "--what-if", "us_aid_salience_half",
        "--model", "compromise", "--format", "json",
    )
    mixed = parley.compare(s, what_ifs=["us_stops_aid"], edits=["usa.capability *= 2"], models="nbs")
    assert mixed.to_json() == cli(
        "compare", "--what-if", "us_stops_aid", "--set", "usa.capability *= 2", "--model", "nbs",
        "--format", "json",
    )
    # The combined variant is the scenario with both applied, what-ifs first.
    want = s.with_what_if("us_stops_aid").with_edits(["usa.capability *= 2"])
    alone = parley.run(want, models="nbs").data
    del alone["model_error"]  # run's document adds the point forecasts' model error
    del alone["variant"]  # and names the variant it was computed on
    assert mixed.data["variants"][0]["analysis"] == alone
    with pytest.raises(ValueError, match=r"^what-if 'us_stops_aid' is given twice; each what-if applies once$"):
        parley.compare(s, what_ifs=["us_stops_aid", "us_stops_aid"])
    with pytest.raises(ValueError, match=r"both set the same number"):
        parley.compare(s, edits=["usa.capability = 2", "usa.capability = 3"])
    # Two what-ifs that change one number: refused, in Python's terms (not --set).
    doc = _dict_scenario()
    doc["what_if"] = [
        {"id": "up", "name": "Up", "edits": ["a.x.position = 30"]},
        {"id": "down", "name": "Down", "edits": ["a.x.position = 5"]},
    ]
    with pytest.raises(ValueError) as e:
        parley.compare(parley.load(doc), what_ifs=["up", "down"])
    assert str(e.value).startswith("what-ifs 'up' and 'down' both change a.x.position; ")
    assert str(e.value).endswith("give the value you mean in `edits` (applied after them)")
    assert "--set" not in str(e.value)
    # Several variants: `variants`, as --variant.
    several = parley.compare(s, models="compromise", variants=[
        {"name": "cut", "what_ifs": ["us_stops_aid"], "edits": ["usa.capability = 2"]},
        "us_aid_salience_half",
        {"edits": "usa.capability *= 3"},
    ])
    assert [v["variant"] for v in several.data["variants"]] == [
        "cut", "us_aid_salience_half", "usa.capability *= 3",
    ]
    assert several.to_json() == cli(
        "compare", "--model", "compromise",
        "--variant", "cut: --what-if us_stops_aid --set usa.capability = 2",
        "--variant", "us_aid_salience_half", "--variant", "--set usa.capability *= 3",
        "--format", "json",
    )
    # What several what_ifs gave before (each alone) is variants=[ids], as with neither.
    assert parley.compare(s, variants=s.what_if_ids()) == parley.compare(s)
    with pytest.raises(ValueError, match=r"two variants are named 'us_stops_aid'"):
        parley.compare(s, variants=["us_stops_aid", "us_stops_aid"])
    with pytest.raises(ValueError, match=r"^variants\[0\] \('nope'\): unknown what-if 'nope'"):
        parley.compare(s, variants=[{"what_ifs": "nope"}])
    with pytest.raises(ValueError, match=r"variants\[1\] has unknown keys \['colour'\]"):
        parley.compare(s, variants=["us_stops_aid", {"colour": "red"}])
    with pytest.raises(ValueError, match=r"variants\[0\] has no what-ifs and no edits"):
        parley.compare(s, variants=[{}])


def test_advise_and_report_equal_the_cli(tmp_path):
    s = parley.flagship()
    advice = parley.advise(s, "irn_gov", goal="iran_nuclear >= 60", runs=40, models="compromise")
    assert advice.to_json() == cli(
        "advise", "--actor", "irn_gov", "--goal", "iran_nuclear >= 60", "--runs", "40",
        "--model", "compromise", "--format", "json",
    )
    # The report's HTML differs from the CLI's only in the generator it names (a scenario
    # that is not the flagship, without a resolution: neither adds a track record).
    r = parley.report(parley.load(TOY), runs=30)
    out = tmp_path / "report.html"
    r.save(out)
    ours = out.read_text(encoding="utf-8")
    theirs = subprocess.run([parley_bin(), "report", str(TOY), "--runs", "30"], check=True,
                            capture_output=True, text=True).stdout
    assert ours.replace("parley (Python) ", "parley ") == theirs
    assert "<iframe" in r._repr_html_() and "&lt;!DOCTYPE html&gt;" in r._repr_html_()
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    with pytest.raises(ValueError, match="actor"):
        parley.advise(s, "nobody", runs=0)


def test_probabilities_label_both_kinds_as_the_cli_json_has_them():
    # usability item 21: the odds with model error were dropped and the inputs-only ones
    # unlabelled. Every cell is checked against the CLI's JSON for the same run.
    s = parley.flagship()
    theirs = json.loads(cli("mc", "--runs", "300", "--seed", "4", "--condition",
                            "iran_nuclear >= 50", "--format", "json"))
    mc = parley.monte_carlo(s, runs=300, seed=4, conditions="iran_nuclear >= 50")
    models = [m["model"] for m in theirs["models"]]
    both = mc.probabilities()
    assert list(both.columns.names) == ["kind", "model"]
    assert list(both.columns) == [("with_model_error", m) for m in models] + [
        ("inputs_only", m) for m in models]
    assert list(both.index.names) == ["condition", "source"]
    assert list(both.index) == [(c["condition"], c["source"]) for c in theirs["conditions"]]
    assert [c["source"] for c in theirs["conditions"]] == ["iran_wants_deal", "command line"]
    for c in theirs["conditions"]:
        row = (c["condition"], c["source"])
        for m in models:
            assert both.loc[row, ("with_model_error", m)] == c["with_model_error"][m]
            assert both.loc[row, ("inputs_only", m)] == c["probability"][m]
    # One kind alone: the frame the method gave before (conditions x models), now chosen.
    for kind, key in (("inputs_only", "probability"), ("with_model_error", "with_model_error")):
        one = mc.probabilities(kind)
        assert list(one.index) == [c["condition"] for c in theirs["conditions"]]
        assert list(one.columns) == models
        assert one.to_dict("index") == {c["condition"]: c[key] for c in theirs["conditions"]}
    # The two kinds differ somewhere here, so a swap of them would fail above.
    assert (both["with_model_error"].values != both["inputs_only"].values).any()
    with pytest.raises(ValueError, match="unknown kind 'calibrated'"):
        mc.probabilities("calibrated")


def test_advise_frames_are_the_cli_json_one_row_per_lever_coalition_and_proposal():
    # usability item 22: to_pandas() was one row of nested lists. Each frame's cells are
    # checked against the CLI's JSON for the same call.
    s = parley.flagship()
    args = dict(goal="iran_nuclear >= 60", runs=40, models="compromise,nbs")
    advice = parley.advise(s, "irn_gov", **args)
    data = json.loads(cli("advise", "--actor", "irn_gov", "--goal", "iran_nuclear >= 60",
                          "--runs", "40", "--model", "compromise,nbs", "--format", "json"))["advice"]
    assert advice.data["advice"] == data
    models = data["models"]
    levers = advice.to_pandas()
    assert levers.equals(advice.levers())
    assert len(levers) == len(data["levers"]) > 1
    assert list(levers.index) == list(range(1, len(data["levers"]) + 1))
    assert list(levers["edit"]) == [lv["edit"] for lv in data["levers"]]
    with_odds = 0
    for rank, lv in enumerate(data["levers"], start=1):
        row = levers.loc[rank]
        for key in ("actor", "issue", "field", "from", "to", "own", "mean_effect", "worst_effect"):
            assert row[key] == lv[key], (rank, key)
        for e in lv["effects"]:
            assert row[f"effect.{e['model']}"] == e["effect"]
        for m in models:
            assert row[f"odds_before.{m}"] == data["baseline_odds"]["with_model_error"][m]
            assert row[f"odds_before_inputs_only.{m}"] == data["baseline_odds"]["probability"][m]
            if lv.get("odds"):
                with_odds += 1
                assert row[f"odds_after.{m}"] == lv["odds"]["with_model_error"][m]
                assert row[f"odds_after_inputs_only.{m}"] == lv["odds"]["probability"][m]
            else:
                assert math.isnan(row[f"odds_after.{m}"])
    assert with_odds > 0
    # Every cell of a frame holds a scalar: nothing nested left to walk.
    for frame in (levers, advice.effects(), advice.coalitions(), advice.proposals(), advice.baseline()):
        assert not frame.map(lambda v: isinstance(v, (list, dict))).any().any()

    effects = advice.effects()
    assert len(effects) == sum(len(lv["effects"]) for lv in data["levers"])
    first = data["levers"][0]["effects"][0]
    got = effects.loc[(1, first["model"])]
    assert got["edit"] == data["levers"][0]["edit"]
    for key in ("before", "after", "effect", "benefit", "holds_before", "holds_after"):
        assert got[key] == first[key]
    for issue, value in first["forecast"].items():
        assert got[f"forecast.{issue}"] == value

    coalitions = advice.coalitions()
    assert len(coalitions) == len(data["coalitions"])
    for rank, c in enumerate(data["coalitions"], start=1):
        assert coalitions.loc[rank, "partners"] == ", ".join(c["partners"])
        assert coalitions.loc[rank, "edits"] == "; ".join(c["edits"])
        assert coalitions.loc[rank, "mean_effect"] == c["mean_effect"]
        for e in c["effects"]:
            assert coalitions.loc[rank, f"effect.{e['model']}"] == e["effect"]

    def check_proposals(advice, data):
        models = data["models"]
        proposals = advice.proposals()
        assert len(proposals) == len(data["proposals"]) > 0
        for rank, p in enumerate(data["proposals"], start=1):
            row = proposals.loc[rank]
            assert (row["kind"], row["label"]) == (p["kind"], p["label"])
            assert row["parties"] == ", ".join(p["parties"])
            assert row["none_under"] == ", ".join(p.get("none_under") or [])
            if p["robust"] is None:
                assert math.isnan(row["worst_gain"]) and row["accepted_under"] is None
                continue
            seen["robust"] += 1
            assert row["worst_gain"] == p["robust"]["worst_gain"]
            assert row["accepted_under"] == ", ".join(p["robust"]["accepted_under"])
            for issue, value in p["robust"]["position"].items():
                assert row[f"position.{issue}"] == value
            if p.get("acceptance"):
                seen["acceptance"] += 1
                assert row["accepted_by_all"] == p["acceptance"]["under_all_with_model_error"]
                assert row["accepted_by_all_inputs_only"] == p["acceptance"]["under_all"]
                for m in models:
                    assert row[f"acceptance.{m}"] == p["acceptance"]["with_model_error"][m]
    # Proposals with a package every model accepts, and with its acceptance odds: each
    # branch below must be met at least once.
    seen = {"robust": 0, "acceptance": 0}
    check_proposals(advice, data)
    # With one model some proposal has a package every model accepts (none has with two here).
    one = parley.advise(s, "irn_gov", goal="iran_nuclear >= 60", runs=40, models="compromise")
    one_data = json.loads(cli("advise", "--actor", "irn_gov", "--goal", "iran_nuclear >= 60",
                              "--runs", "40", "--model", "compromise", "--format", "json"))["advice"]
    check_proposals(one, one_data)
    assert seen["robust"] > 0 and seen["acceptance"] > 0, seen

    baseline = advice.baseline()
    assert list(baseline.index) == [b["model"] for b in data["baseline"]]
    for b in data["baseline"]:
        assert baseline.loc[b["model"], "shortfall"] == b["shortfall"]
        assert baseline.loc[b["model"], "odds"] == data["baseline_odds"]["with_model_error"][b["model"]]
        assert baseline.loc[b["model"], "odds_inputs_only"] == data["baseline_odds"]["probability"][b["model"]]

    # A field the JSON may gain: a list of names is joined into a column, a list of records
    # left out, never a nested object in a cell (by construction, on a copy of the JSON).
    grown = json.loads(advice.to_json())
    grown["advice"]["levers"][0]["worse_under"] = ["nbs", "eum"]
    grown["advice"]["levers"][0]["odds_fall"] = [{"model": "nbs", "before": 0.5, "after": 0.4}]
    grown["advice"]["coalitions"][0]["asks"] = [{"partner": "x", "ask": 0.1}]
    grown = parley.AdviseResult(json.dumps(grown))
    assert grown.levers().loc[1, "worse_under"] == "nbs, eum"
    assert "odds_fall" not in grown.levers().columns
    assert "asks" not in grown.coalitions().columns
    assert list(grown.levers()["edit"]) == list(levers["edit"])

    # Without a goal or runs there are no odds columns, and the frames still build.
    plain = parley.advise(s, "irn_gov", runs=0, models="compromise")
    assert not any(c.startswith("odds") for c in plain.levers().columns)
    assert "odds" not in plain.baseline().columns


def test_progress_is_told_and_changes_nothing_in_the_result(capsys):
    # usability item 30. The counts are the runs (or steps) by construction; the results
    # must be byte for byte those without progress, and still pickle.
    import pickle

    s = parley.flagship()
    calls = []
    mc = parley.monte_carlo(s, runs=400, seed=2, progress=lambda d, t: calls.append((d, t)))
    assert mc.to_json() == parley.monte_carlo(s, runs=400, seed=2).to_json()
    assert calls and calls[-1] == (400, 400)
    assert all(t == 400 for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert pickle.loads(pickle.dumps(mc)) == mc

    for name, call in (
        ("sensitivity", lambda p: parley.sensitivity(s, runs=30, models="compromise", progress=p)),
        ("bargain", lambda p: parley.bargain(s, runs=30, progress=p)),
        ("advise", lambda p: parley.advise(s, "irn_gov", goal="iran_nuclear >= 60", runs=20,
                                           models="compromise", progress=p)),
        ("report", lambda p: parley.report(parley.load(TOY), runs=20, progress=p)),
    ):
        told = []
        got = call(lambda d, t: told.append((d, t)))
        quiet = call(False)
        if name == "report":
            assert got.html == quiet.html, name
        else:
            assert got.to_json() == quiet.to_json(), name
        assert told and told[-1][0] == told[-1][1] > 0, (name, told[-1:])
    # The sensitivity's steps: each uncertain input (the count mc reports) once, then each run.
    inputs = mc.data["uncertain_inputs"]
    told = []
    parley.sensitivity(s, runs=30, models="compromise", progress=lambda d, t: told.append((d, t)))
    assert told[-1] == (inputs + 30, inputs + 30)

    capsys.readouterr()
    parley.monte_carlo(s, runs=50, progress=True)
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert err.split("\r")[-1].startswith("parley monte_carlo: 50/50 runs (100%), "), repr(err)
    parley.monte_carlo(s, runs=50)
    assert capsys.readouterr().err == ""

    def stop(done, total):
        raise RuntimeError(f"stopped at {done} of {total}")

    with pytest.raises(RuntimeError, match="stopped at"):
        parley.monte_carlo(s, runs=200_000, progress=stop)
    with pytest.raises(TypeError, match="progress must be True, False, None or a callable"):
        parley.monte_carlo(s, runs=10, progress="yes")


def test_estimate_is_the_cli_estimate():
    # usability item 30: the CLI's cost estimate. `parley mc --runs 100000` without a
    # terminal refuses, naming its estimate; Python's must be the same number.
    s = parley.flagship()
    out = subprocess.run([parley_bin(), "mc", "--runs", "100000"], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    assert out.returncode != 0
    import re

    found = re.search(r"estimated at ([0-9.]+e[0-9]+) work units \((\w+)\)", out.stderr)
    assert found, out.stderr
    got = parley.estimate(s, "monte_carlo", runs=100_000)
    assert got["evaluations"] == 100_000
    assert f"{got['work_units']:.1e}".replace("e+", "e") == found.group(1)
    assert got["time"] == found.group(2) == "minutes"
    assert got["time_class"] == "minutes"
    small = parley.estimate(s, "run", models="compromise")
    assert small["evaluations"] == 1 and small["time_class"] == "instant"
    # Linear in the evaluations for one scenario and model set, by construction.
    assert parley.estimate(s, "monte_carlo", runs=2000)["work_units"] == pytest.approx(
        2 * parley.estimate(s, "monte_carlo", runs=1000)["work_units"], rel=1e-12)
    # Sobol adds N x (k + 2) evaluations, k the uncertain inputs (as the CLI counts them).
    k = parley.monte_carlo(s, runs=1).data["uncertain_inputs"]
    plain = parley.estimate(s, "sensitivity", runs=100)["evaluations"]
    assert plain == 2 * k + 100
    assert parley.estimate(s, "sensitivity", runs=100, sobol=64)["evaluations"] == plain + 64 * (k + 2)
    with pytest.raises(ValueError, match="unknown function 'mc'"):
        parley.estimate(s, "mc")
    # The report of the flagship as shipped scores its Track record too: one analysis, the
    # runs, the sensitivity's 2 x (k + runs), and the track record's inputs-only and
    # with-model-error runs (2 x runs). The CLI's refusal names the same figure.
    runs = 100_000
    report = parley.estimate(s, "report", runs=runs)
    assert report["evaluations"] == 1 + runs + 2 * (k + runs) + 2 * runs
    out = subprocess.run([parley_bin(), "report", "--runs", str(runs)],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert out.returncode != 0
    found = re.search(r"estimated at ([0-9.]+e[0-9]+) work units", out.stderr)
    assert found, out.stderr
    assert f"{report['work_units']:.1e}".replace("e+", "e") == found.group(1)
    # A scenario that is not the flagship as shipped has no track record to add.
    variant = s.with_what_if("us_stops_aid")
    kv = parley.monte_carlo(variant, runs=1).data["uncertain_inputs"]
    assert parley.estimate(variant, "report", runs=runs)["evaluations"] == 1 + runs + 2 * (kv + runs)


def test_report_save_never_replaces_the_scenario_file_and_an_existing_file_only_when_asked(tmp_path):
    # sweep2 item 7: save() replaced any file, even the scenario the report was made from.
    src = tmp_path / "toy.toml"
    src.write_text(TOY.read_text())
    before = src.read_text()
    s = parley.load(src)
    assert s.source == src.resolve()
    r = parley.report(s, runs=0)
    os.link(src, tmp_path / "hard.toml")
    os.symlink(src, tmp_path / "soft.toml")
    spellings = [src, str(src), tmp_path / "." / "toy.toml", tmp_path / "hard.toml", tmp_path / "soft.toml"]
    for path in spellings:
        for overwrite in (False, True):
            with pytest.raises(FileExistsError) as e:
                r.save(path, overwrite=overwrite)
            assert str(e.value).startswith(f"refusing to write {path}: it is {src}, the scenario file")
            assert "overwrite=True does not lift this" in str(e.value)
    # Also for a report of a variant of the file, of a pickled copy, and after a chdir.
    import pickle

    variant = pickle.loads(pickle.dumps(s.with_edits("north.capability *= 2")))
    with pytest.raises(FileExistsError):
        parley.report(variant, runs=0).save(src, overwrite=True)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        with pytest.raises(FileExistsError):
            parley.report("toy.toml", runs=0).save("toy.toml", overwrite=True)
    finally:
        os.chdir(cwd)
    assert src.read_text() == before
    # Any other existing file: only with overwrite=True.
    out = tmp_path / "brief.html"
    r.save(out)
    out.write_text("keep me")
    with pytest.raises(FileExistsError) as e:
        r.save(out)
    assert str(e.value) == f"{out} exists; pass overwrite=True to replace it, or choose another path"
    assert out.read_text() == "keep me"
    os.chmod(out, 0o640)
    r.save(out, overwrite=True)
    assert out.read_text(encoding="utf-8") == r.html
    assert os.stat(out).st_mode & 0o777 == 0o640
    # A link is followed: its target replaced, the link kept.
    link = tmp_path / "link.html"
    os.symlink(out, link)
    r2 = parley.report(parley.flagship(), runs=0)
    r2.save(link, overwrite=True)
    assert link.is_symlink() and out.read_text(encoding="utf-8") == r2.html
    with pytest.raises(IsADirectoryError):
        r.save(tmp_path, overwrite=True)
    # A failed write names the file asked for (not the temporary file) and what was left.
    missing = tmp_path / "no-such-folder" / "brief.html"
    with pytest.raises(FileNotFoundError) as e:
        r.save(missing)
    assert str(e.value).endswith(f"cannot write {missing}: No such file or directory; nothing was written")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_backtest_equals_the_cli():
    data = ROOT.parent / "shared" / "data" / "deu" / "deu3.csv"
    if not data.exists():
        data = Path("/work/shared/data/deu/deu3.csv")
    assert data.exists(), "the DEU III data (shared/data/deu/deu3.csv) is missing"
    got = parley.backtest(data, capability="equal")
    assert got.to_json() == cli("backtest", "deu3", str(data), "--capability", "equal", "--format", "json")
    with pytest.raises(ValueError, match="unknown capability"):
        parley.backtest(data, capability="size")


ARTICLE = textwrap.dedent(
    """\
    Russia offered on Tuesday to mediate between the United States and Iran over Tehran's
    nuclear programme. Iran's foreign minister said Iran rejects any limits on enrichment.
    The United States demands that Iran dismantle its enrichment programme entirely.
    """
)


TRACK = '<section id="track-record">'
RESOLUTION = ROOT / "scenarios" / "grand-bargain-2025.resolution.toml"


def track_section(html: str) -> str:
    """The report's track-record section, from its opening tag to its end."""
    start = html.index(TRACK)
    return html[start:html.index("</section>", start)]


def cli_html(*args: str) -> str:
    """The HTML `parley report ARGS` writes to stdout, as it is."""
    return subprocess.run([parley_bin(), "report", *args], check=True, capture_output=True,
                          text=True).stdout


def test_the_flagship_report_has_the_cli_s_track_record(tmp_path):
    ours = parley.report(parley.flagship(), runs=20).html
    theirs = cli_html("--runs", "20", "--yes")
    # The same section as `parley report` (the embedded flagship, its shipped resolution).
    assert track_section(ours) == track_section(theirs)
    assert "scenarios/grand-bargain-2025.resolution.toml (as of 2025-12-31)" in track_section(ours)
    # Another scenario has none unless a resolution is given.
    renamed = parley.load(FLAGSHIP.read_text().replace(
        'name = "Grand bargain 2025', 'name = "Renamed grand bargain 2025', 1))
    assert renamed != parley.flagship()
    assert TRACK not in parley.report(renamed, runs=0).html
    # Given as a path, it is the CLI's `--resolution FILE` (same name in the section).
    by_path = parley.report(renamed, runs=0, resolution=RESOLUTION)
    by_cli = cli_html(str(FLAGSHIP), "--resolution", str(RESOLUTION), "--runs", "0")
    assert track_section(by_path.html) == track_section(by_cli)
    assert str(RESOLUTION) in by_path.sources
    # Given as text, the section says so.
    by_text = parley.report(renamed, runs=0, resolution=RESOLUTION.read_text())
    assert "the resolution text given (as of 2025-12-31)" in track_section(by_text.html)


def test_a_resolution_that_does_not_fit_or_a_variant_s_is_refused():
    bad = RESOLUTION.read_text().replace('id = "iran_nuclear"', 'id = "nowhere"', 1)
    with pytest.raises(ValueError, match=r"^resolution: <resolution text>:\d+:\d+: unknown issue 'nowhere'"):
        parley.report(parley.flagship(), runs=0, resolution=bad)
    with pytest.raises(FileNotFoundError, match="no resolution file"):
        parley.report(parley.flagship(), runs=0, resolution="no-such-file.toml")
    with pytest.raises(TypeError, match="resolution must be a path"):
        parley.report(parley.flagship(), runs=0, resolution=3)
    variant = parley.flagship().with_what_if("us_stops_aid")
    # As `parley report --what-if`: a variant's brief scores no track record ...
    assert TRACK not in parley.report(variant, runs=0).html
    # ... and a resolution given for one is refused, not dropped without a word.
    with pytest.raises(ValueError, match="variant"):
        parley.report(variant, runs=0, resolution=RESOLUTION)


def test_an_article_over_the_reader_s_limit_gets_python_advice():
    big = "a" * (16 * 1024 * 1024 + 1)
    for function in (parley.extract, parley.extract_toml):
        with pytest.raises(ValueError) as e:
            function(big)
        message = str(e.value)
        assert f"call parley.{function.__name__} on each" in message, message
        # The command line's advice (a directory of .txt files, a .jsonl batch) is not Python's.
        assert ".jsonl" not in message and "directory" not in message, message


def test_extract_equals_the_cli(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE)
    assert parley.extract(ARTICLE, date="2025-03-04").to_json() == cli(
        "extract", str(path), "--date", "2025-03-04", "--format", "json"
    )
    toml = parley.extract_toml(ARTICLE, source=str(path), date="2025-03-04")
    assert toml == cli("extract", str(path), "--date", "2025-03-04", "--format", "toml") + "\n"
    with pytest.raises(ValueError, match="date"):
        parley.extract(ARTICLE, date="yesterday")


def test_models_lists_the_cli_models():
    assert json.dumps(parley.models(), indent=2) == cli("models", "--format", "json")


# --- DataFrames --------------------------------------------------------------------------


def test_frames_round_trip_and_run_the_same_point_forecasts():
    pd = pytest.importorskip("pandas")
    s = parley.flagship()
    frames = parley.to_frames(s)
    assert frames["positions"].shape == (8, 4)
    assert math.isnan(frames["positions"].loc["irn_leader", "ukraine_aid"])
    rebuilt = parley.from_frames(**frames)
    assert parley.to_frames(rebuilt)["positions"].equals(frames["positions"])
    a = parley.run(s, models="compromise").forecasts()
    b = parley.run(rebuilt, models="compromise").forecasts()
    assert a == b
    assert isinstance(frames["capabilities"], pd.Series)


def _frames():
    pd = pytest.importorskip("pandas")
    pos = pd.DataFrame({"x": [10.0, 70.0], "y": [50.0, 20.0]}, index=["a", "b"])
    sal = pd.DataFrame({"x": [0.5, 0.8], "y": [0.2, 0.9]}, index=["a", "b"])
    cap = pd.Series([2.0, 1.0], index=["a", "b"])
    return pd, pos, sal, cap


def test_bad_frames_raise_clear_errors_naming_the_cell():
    pd, pos, sal, cap = _frames()
    assert parley.from_frames(pos, sal, cap).actor_rows() == [("a", "a", 2.0), ("b", "b", 1.0)]
    p = pos.copy()
    p.loc["b", "y"] = float("nan")
    with pytest.raises(ValueError, match=r"positions\['b', 'y'\] is NaN"):
        parley.from_frames(p, sal, cap)
    p = pos.astype(object)
    p.loc["a", "x"] = "high"
    with pytest.raises(ValueError, match=r"positions\['a', 'x'\] = 'high' is not a number"):
        parley.from_frames(p, sal, cap)
    with pytest.raises(ValueError, match=r"saliences has no column 'y'"):
        parley.from_frames(pos, sal[["x"]], cap)
    with pytest.raises(ValueError, match=r"capabilities has no row for actor 'b'"):
        parley.from_frames(pos, sal, cap.loc[["a"]])
    s2 = sal.copy()
    s2.loc["a", "y"] = float("inf")
    with pytest.raises(ValueError, match=r"saliences\['a', 'y'\] is infinite"):
        parley.from_frames(pos, s2, cap)
    with pytest.raises(TypeError, match="positions must be a pandas DataFrame"):
        parley.from_frames([[1, 2]], sal, cap)
    with pytest.raises(ValueError, match="unknown columns"):
        parley.from_frames(pos, sal, cap, issues=pd.DataFrame({"colour": ["red"]}, index=["x"]))
    # What only Parley's validation knows comes back located by actor and issue.
    s3 = sal.copy()
    s3.loc["b", "x"] = 80.0
    with pytest.raises(parley.ScenarioError) as e:
        parley.from_frames(pos, s3, cap)
    assert e.value.problems[0]["code"] == "salience-out-of-range"
    assert e.value.problems[0]["path"] == "actor[1].stance.x.salience.value"
    # Both NaN: the actor takes no part in the issue.
    p, s4 = pos.copy(), sal.copy()
    p.loc["a", "y"] = s4.loc["a", "y"] = float("nan")
    rows = parley.from_frames(p, s4, cap).stance_rows()
    assert ("a", "y") not in [(r[0], r[1]) for r in rows]


def test_frames_with_rows_positions_lacks_are_refused():
    # sweep2 item 8: such rows were dropped without a word.
    pd, pos, sal, cap = _frames()
    extra = pd.Series([2.0, 1.0, 3.0], index=["a", "b", "c"])
    with pytest.raises(ValueError, match=r"^capabilities has a row 'c' that positions and saliences lack"):
        parley.from_frames(pos, sal, extra)
    issues = pd.DataFrame({"name": ["X", "Y", "Z"]}, index=["x", "y", "z"])
    with pytest.raises(ValueError, match=r"^issues has a row 'z' that positions lacks \(no column 'z'\)"):
        parley.from_frames(pos, sal, cap, issues=issues)
    # The rows positions has are fine, and fewer issue rows than columns too.
    s = parley.from_frames(pos, sal, cap, issues=issues.loc[["y"]])
    assert [r[:2] for r in s.issue_rows()] == [("x", "x"), ("y", "Y")]


def test_frames_with_an_actor_or_issue_twice_are_refused():
    # sweep2 item 13c: a duplicated index printed a pandas Series as "not a number".
    pd, pos, sal, cap = _frames()
    twice = pd.Series([2.0, 1.0, 5.0], index=["a", "b", "a"])
    with pytest.raises(ValueError, match=r"^actor 'a' appears twice in capabilities$"):
        parley.from_frames(pos, sal, twice)
    with pytest.raises(ValueError, match=r"^actor 'b' appears twice in positions$"):
        parley.from_frames(pd.concat([pos, pos.loc[["b"]]]), sal, cap)
    with pytest.raises(ValueError, match=r"^actor 'a' appears twice in saliences$"):
        parley.from_frames(pos, pd.concat([sal, sal.loc[["a"]]]), cap)
    with pytest.raises(ValueError, match=r"^issue 'x' appears twice in the columns of positions$"):
        parley.from_frames(pd.concat([pos, pos[["x"]]], axis=1), sal, cap)
    with pytest.raises(ValueError, match=r"^issue 'y' appears twice in the columns of saliences$"):
        parley.from_frames(pos, pd.concat([sal, sal[["y"]]], axis=1), cap)
    issues = pd.DataFrame({"name": ["X", "X again"]}, index=["x", "x"])
    with pytest.raises(ValueError, match=r"^issue 'x' appears twice in issues$"):
        parley.from_frames(pos, sal, cap, issues=issues)


# --- Ctrl-C ------------------------------------------------------------------------------


def test_ctrl_c_interrupts_a_long_monte_carlo():
    # Python's own Ctrl-C handler, also where the test runner was started with SIGINT ignored
    # (as background jobs of a non-interactive shell are).
    code = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "import parley; print('go', flush=True); parley.monte_carlo(parley.flagship(), runs=1_000_000)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "go"
    time.sleep(1.0)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    assert "KeyboardInterrupt" in err, err
    assert took < 10, f"took {took:.1f} s to stop"


def test_ctrl_c_with_a_progress_bar_ends_its_line_before_the_traceback():
    code = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "import parley; print('go', flush=True); "
        "parley.monte_carlo(parley.flagship(), runs=1_000_000, progress=True)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "go"
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert "KeyboardInterrupt" in err, err
    # (text=True reads the bar's "\r" as a line end.)
    bar, _, rest = err.partition("\nTraceback")
    assert rest, err
    assert bar.splitlines()[-1].startswith("parley monte_carlo: "), err
    assert "/1,000,000 runs (" in bar and "(100%)" not in bar, err


# --- Dask --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_scenarios_pickle_exactly():
    import pickle

    for s in (parley.flagship(), parley.load(TOY)):
        assert pickle.loads(pickle.dumps(s)) == s


def test_parts_merge_identically_in_any_split_locally():
    from parley import _native

    s = parley.flagship()
    whole = parley.monte_carlo(s, runs=97, seed=3).to_json()
    for bounds in ([0, 97], [0, 1, 2, 50, 97], [0, 40, 97]):
        parts = [_native.monte_carlo_part(s, 97, a, b, 3) for a, b in zip(bounds, bounds[1:])]
        assert _native.monte_carlo_merge(s, 97, parts[::-1], 3) == whole
    with pytest.raises(ValueError, match="a gap at run 40"):
        _native.monte_carlo_merge(s, 97, [_native.monte_carlo_part(s, 97, 0, 40, 3),
                                          _native.monte_carlo_part(s, 97, 41, 97, 3)], 3)
    with pytest.raises(ValueError, match="an overlap at run 0"):
        _native.monte_carlo_merge(s, 97, [_native.monte_carlo_part(s, 97, 0, 97, 3)] * 2, 3)
    with pytest.raises(ValueError, match="not an encoded Monte Carlo part"):
        _native.monte_carlo_merge(s, 97, [b"junk-bytes"], 3)


def test_local_cluster_flagship_draws_identical_to_local(client):
    # 30,000 draws: chunks of 7,919 leave a short last chunk, chunks of 20,000 an uneven pair;
    # more draws would only take CI's time (the merge is exact at any count).
    import parley.dask

    models = "compromise,nbs,eum"
    local = parley.monte_carlo(parley.flagship(), runs=30_000, models=models).to_json()
    for chunk in (7_919, 20_000):
        got = parley.dask.monte_carlo(parley.flagship(), 30_000, client=client, chunk_size=chunk,
                                      models=models).to_json()
        assert got == local, f"chunk size {chunk}"
    assert len(client.scheduler_info()["workers"]) == 2


def test_sweep_over_what_ifs_equals_local_runs(client):
    import parley.dask

    s = parley.flagship()
    got = parley.dask.sweep(s, what_ifs=["*"], client=client)
    assert list(got) == ["base", *s.what_if_ids()]
    for label, result in got.items():
        want = s if label == "base" else s.with_what_if(label)
        assert result.to_json() == parley.run(want).to_json()
    mc = parley.dask.sweep({"flagship": s, "toy": TOY}, runs=2_500, seed=1, client=client, chunk_size=999)
    assert mc["toy"].to_json() == parley.monte_carlo(TOY, runs=2_500, seed=1).to_json()
    assert mc["flagship"].to_json() == parley.monte_carlo(s, runs=2_500, seed=1).to_json()
    with pytest.raises(ValueError, match="chunk_size"):
        parley.dask.monte_carlo(s, 10, client=client, chunk_size=0)


def test_dask_takes_one_string_as_a_list_of_one(client):
    # sweep2 item 13b, in parley.dask: what_ifs="us_stops_aid" was split into characters.
    import parley.dask

    got = parley.dask.sweep(parley.flagship(), what_ifs="us_stops_aid", client=client)
    assert list(got) == ["base", "us_stops_aid"]
    mc = parley.dask.monte_carlo(parley.load(TOY), 50, client=client, conditions="tariff >= 50")
    assert mc == parley.monte_carlo(TOY, runs=50, conditions=["tariff >= 50"])


def test_what_is_computed_from_a_variant_says_so_as_the_cli_does():
    # A saved JSON or report of a variant must not pass for the coding as written.
    s = parley.flagship()
    v = s.with_what_if("us_stops_aid").with_edits("usa.capability *= 2")
    assert (v.applied_what_ifs, v.applied_edits) == (["us_stops_aid"], ["usa.capability *= 2"])
    assert (s.applied_what_ifs, s.applied_edits) == ([], [])
    flags = ["--what-if", "us_stops_aid", "--set", "usa.capability *= 2"]
    got = parley.run(v, models="compromise")
    assert got.data["variant"] == {"what_ifs": ["us_stops_aid"], "set": ["usa.capability *= 2"]}
    assert got.to_json() == cli("run", *flags, "--model", "compromise", "--format", "json")
    mc = parley.monte_carlo(v, runs=50, seed=3, models="nbs")
    assert mc.to_json() == cli("mc", *flags, "--runs", "50", "--seed", "3", "--model", "nbs", "--format", "json")
    assert "variant" not in parley.run(s, models="compromise").data
    html = parley.report(v, runs=0).html
    assert "This brief is of a variant" in html
    assert "What-if: us_stops_aid; set: usa.capability *= 2" in html
    assert "This brief is of a variant" not in parley.report(s, runs=0).html
    # The variant survives pickling (Dask ships scenarios to its workers that way).
    import pickle

    back = pickle.loads(pickle.dumps(v))
    assert (back.applied_what_ifs, back.applied_edits) == (v.applied_what_ifs, v.applied_edits)


def test_runs_are_capped_as_on_the_command_line():
    # sweep3 item 12: runs=10**9 ran silently in Python while the CLI refuses above 1,000,000.
    s = parley.flagship()
    for call in (
        lambda: parley.monte_carlo(s, runs=10**9),
        lambda: parley.report(s, runs=10**9),
        lambda: parley.sensitivity(s, runs=10**9),
        lambda: parley.bargain(s, runs=10**9),
    ):
        with pytest.raises(ValueError, match=r"^runs 1000000000 is over the maximum of 1000000"):
            call()


def test_what_ifs_chain_as_the_cli_combines_them():
    # sweep6 A2: a second with_what_if, or one after with_edits, failed with "unknown what-if
    # ...; defined: none": the derived scenario carries no what-ifs to look the id up in.
    s = parley.flagship()
    both = s.with_what_if("us_stops_aid").with_what_if("no_russian_mediation")
    assert both.applied_what_ifs == ["us_stops_aid", "no_russian_mediation"]
    flags = ["--what-if", "us_stops_aid", "--what-if", "no_russian_mediation"]
    assert parley.run(both).to_json() == cli("run", *flags, "--format", "json")
    # The CLI applies every --what-if, then every --set: an edit given before a what-if
    # still comes after it (here it overrides the what-if's position = 0).
    edit = "usa.ukraine_aid.position = 40"
    late = s.with_edits(edit).with_what_if("us_stops_aid")
    assert (late.applied_what_ifs, late.applied_edits) == (["us_stops_aid"], [edit])
    assert late == s.with_what_if("us_stops_aid").with_edits(edit)
    want = cli("run", "--what-if", "us_stops_aid", "--set", edit, "--model", "compromise",
               "--format", "json")
    assert parley.run(late, models="compromise").to_json() == want
    # A variant still lists the what-ifs it was read with; one applied twice is refused as by
    # the CLI, and so are two that change one number.
    assert both.what_if_ids() == s.what_if_ids()
    with pytest.raises(ValueError, match=r"^what-if 'us_stops_aid' is given twice"):
        both.with_what_if("us_stops_aid")
    with pytest.raises(ValueError, match=r"^unknown what-if 'nope'; defined: us_aid_salience_half, "):
        both.with_what_if("nope")
    doc = _dict_scenario()
    doc["what_if"] = [
        {"id": "up", "name": "Up", "edits": ["a.x.position = 30"]},
        {"id": "down", "name": "Down", "edits": ["a.x.position = 5"]},
    ]
    with pytest.raises(ValueError, match=r"^what-ifs 'up' and 'down' both change a\.x\.position"):
        parley.load(doc).with_what_if("up").with_what_if("down")
    # Pickling keeps what can still be applied.
    import pickle

    back = pickle.loads(pickle.dumps(s.with_what_if("us_stops_aid")))
    assert back.with_what_if("no_russian_mediation") == both
    assert back.applied_what_ifs == ["us_stops_aid"]
    # compare on a variant: each further what-if is applied on top of the variant's own.
    partial = s.with_what_if("us_stops_aid")
    got = parley.compare(partial, what_ifs="no_russian_mediation", models="compromise")
    alone = parley.run(both, models="compromise").data
    del alone["model_error"], alone["variant"]
    assert got.data["variants"][0]["analysis"] == alone
    names = [v["variant"] for v in parley.compare(partial, models="compromise").data["variants"]]
    assert names == [w for w in s.what_if_ids() if w != "us_stops_aid"]


def test_dask_checks_the_run_cap_before_submitting(client):
    # sweep6 B6: the cap was checked on the workers, each logging a traceback per chunk.
    import parley.dask

    s = parley.flagship()
    before = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.task_prefixes))
    with pytest.raises(ValueError, match=r"^runs 1000000000 is over the maximum of 1000000"):
        parley.dask.monte_carlo(s, 10**9, client=client)
    with pytest.raises(ValueError, match=r"^runs 1000000000 is over the maximum of 1000000"):
        parley.dask.sweep(s, what_ifs="us_stops_aid", runs=10**9, client=client)
    after = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.task_prefixes))
    assert after == before
    with pytest.raises(ValueError, match=r"^runs must be a positive integer, not 0$"):
        parley.dask.monte_carlo(s, 0, client=client)
    with pytest.raises(ValueError, match=r"^runs must be 0 or more, not -1$"):
        parley.dask.sweep(s, runs=-1, client=client)


def test_estimate_refuses_what_the_call_would_refuse():
    # sweep6 B7: estimate(sensitivity, sobol=100000) answered "hours" for a call refused
    # outright.
    s = parley.flagship()
    with pytest.raises(ValueError) as refused:
        parley.sensitivity(s, runs=2, sobol=100_000)
    with pytest.raises(ValueError) as estimated:
        parley.estimate(s, "sensitivity", runs=2, sobol=100_000)
    assert str(estimated.value) == str(refused.value)
    assert "give at most sobol=" in str(refused.value)
    with pytest.raises(ValueError, match=r"^runs 1000000000 is over the maximum of 1000000"):
        parley.estimate(s, "monte_carlo", runs=10**9)
    # A call that runs is still estimated; `run` takes no runs.
    assert parley.estimate(s, "sensitivity", runs=2, sobol=64)["evaluations"] > 0
    assert parley.estimate(s, "run", runs=10**9)["evaluations"] == 1


def test_compare_on_a_variant_with_every_what_if_applied_says_so():
    # The flagship's variant with all of its what-ifs applied has none left to compare with
    # one at a time: the error names them instead of saying the scenario defines none.
    s = parley.flagship()
    every = s
    for w in s.what_if_ids():
        every = every.with_what_if(w)
    named = ", ".join(f"'{w}'" for w in s.what_if_ids())
    with pytest.raises(ValueError) as e:
        parley.compare(every)
    message = str(e.value)
    assert message.startswith(
        "nothing to compare: this scenario is a variant that already applies every what-if it "
        f"defines ({named}, with with_what_if)"
    ), message
    assert "defines no what-ifs" not in message
    # Edits still compare against the variant; a scenario without what-ifs says it has none.
    edited = parley.compare(every, edits="usa.capability *= 2", models="compromise")
    assert [v["variant"] for v in edited.data["variants"]] == ["usa.capability *= 2"]
    with pytest.raises(ValueError, match=r"^nothing to compare: the scenario defines no what-ifs"):
        parley.compare(parley.load(_dict_scenario()))
