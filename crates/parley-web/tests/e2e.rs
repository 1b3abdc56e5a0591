//! End to end in headless Chromium (Debian's `chromium` and `chromium-driver`): the page loads
//! the flagship, a salience edited out of its range gets the CLI's message next to the cell, a
//! valid edit and a run change the forecast text and the chart's SVG to what the core computes,
//! hovering an actor highlights it, the rounds step by their marks' rounds (SMP by turns), and
//! Monte Carlo and sensitivity jobs run to their results with their progress shown, and an
//! opened TOML file's line numbers survive a value edit but not a structural one; the whole
//! scenario is edited in the page, edits undo and autosave, the page fits a phone, and the
//! report saved from the page prints as a brief (docs/web.md lists what each test covers).
//!
//! Without Chromium the test says loudly that it skipped, unless `CI` is set: then it fails.
//! Set `PARLEY_SCREENSHOTS=DIR` to keep screenshots of each stage.
#![allow(clippy::unwrap_used)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use std::panic::AssertUnwindSafe;

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use parley_web::{Access, AppState, Limits, serve_until};
use serde_json::{Value, json};

// The report tests' reading of PDF text, shared rather than copied (see the file).
#[path = "../../parley-report/tests/pdf_text/mod.rs"]
mod pdf_text;
use pdf_text::squeeze;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const SALIENCE: &str = "[data-path=\"actor[0].stance.iran_nuclear.salience.value\"]";
const FORECAST: &str =
    "#forecast-values td[data-model=\"compromise\"][data-issue=\"iran_nuclear\"]";

/// Kills the process it holds when dropped, so a failing test leaves no driver behind.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Removes a directory when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tool(env: &str, default: &str) -> PathBuf {
    std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `script` (a function body returning a value) until `ready` accepts its value.
async fn wait_for(c: &Client, what: &str, script: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let v = c.execute(script, vec![]).await.unwrap();
        if ready(&v) {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last value {v}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> Value {
    let script = format!(
        "const e = document.querySelector({}); return e ? e.textContent : null;",
        json!(css)
    );
    c.execute(&script, vec![]).await.unwrap()
}

async fn chart_svg(c: &Client) -> String {
    let v = c
        .execute("const s = document.querySelector('#chart-forecasts svg'); return s ? s.outerHTML : null;", vec![])
        .await
        .unwrap();
    v.as_str().unwrap_or("").to_owned()
}

/// Clicks the element `css` selects, first scrolled to the middle of the window: an element
/// left at the top by earlier scrolling sits under the sticky header, which would take the
/// click.
async fn click(c: &Client, css: &str) {
    let el = c.find(Locator::Css(css)).await.unwrap();
    c.execute(
        "arguments[0].scrollIntoView({ block: 'center' });",
        vec![serde_json::to_value(&el).unwrap()],
    )
    .await
    .unwrap();
    el.click().await.unwrap();
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let input = c.find(Locator::Css(css)).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

async fn screenshot(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("PARLEY_SCREENSHOTS") {
        let png = c.screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// The compromise model's forecast on iran_nuclear with the US's salience there set to `s`,
/// computed by the core: what the page must show after the edit.
fn expected_forecast(s: f64) -> f64 {
    let base = parley_scenario::read_str(
        "f.toml",
        parley_web::input::FLAGSHIP_TOML,
        parley_scenario::Format::Toml,
    )
    .unwrap();
    let edit = format!("usa.iran_nuclear.salience = {s}");
    let edited = parley_core::what_if::apply_edits(
        &base,
        parley_core::what_if::EditSource::WhatIf("e2e".into()),
        &[edit],
    )
    .unwrap();
    let a = parley_core::analyse(
        &edited,
        &[parley_core::models::by_id("compromise").unwrap()],
    )
    .unwrap();
    a.models[0].forecast["iran_nuclear"]
}

/// A headless Chromium session through chromedriver; `None` (after saying so loudly) when
/// Chromium is not installed, unless `CI` is set: then the test fails.
struct Browser {
    client: Client,
    _driver: Reaped,
    _profile: TempDir,
}

async fn browser() -> Option<Browser> {
    let (chromium, driver) = (
        tool("CHROMIUM", CHROMIUM),
        tool("CHROMEDRIVER", CHROMEDRIVER),
    );
    if !chromium.exists() || !driver.exists() {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        let message = format!(
            "{} or {} is missing (apt-get install chromium chromium-driver)",
            chromium.display(),
            driver.display()
        );
        assert!(
            !ci,
            "CI is set and the end-to-end test cannot run: {message}"
        );
        eprintln!("\n!!!!!!!! SKIPPED the end-to-end browser test: {message} !!!!!!!!\n");
        return None;
    }
    // Chromedriver on another loopback port, Chromium headless with a fresh profile. The
    // tests run in parallel: another test's chromedriver can take the port between our probe
    // and our driver's bind, and a session can then be refused (seen once in CI). Such a
    // start is retried on a fresh port; any other failure still fails the test.
    let mut refused = String::new();
    for _ in 0..5 {
        let port = free_port();
        let mut driver = Reaped(
            Command::new(&driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_for_port(port);
        if driver.0.try_wait().unwrap().is_some() {
            refused = format!("chromedriver on port {port} exited (port taken)");
            continue;
        }
        let profile =
            TempDir(std::env::temp_dir().join(format!("parley-e2e-{}-{port}", std::process::id())));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", "--window-size=1400,1800",
                    format!("--user-data-dir={}", profile.0.display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    _driver: driver,
                    _profile: profile,
                });
            }
            Err(e) if format!("{e:?}").contains("ConnectionRefused") => refused = format!("{e:?}"),
            Err(e) => panic!("cannot start a browser session: {e:?}"),
        }
    }
    panic!("no browser session in 5 attempts: {refused}")
}

/// The server, in process, on an ephemeral loopback port, with its library at `db`; its URL.
async fn server(db: PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let state = AppState::with_library(Limits::default(), Access::default(), Some(db));
    tokio::spawn(serve_until(listener, state, std::future::pending()));
    url
}

/// Runs `drive` in a fresh browser against a fresh server (library in a temporary folder),
/// closing the session (and with it the browser) even when a check fails.
async fn in_browser<F, Fut>(name: &str, drive: F)
where
    F: FnOnce(Client, String, PathBuf) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(b) = browser().await else { return };
    let dir =
        TempDir(std::env::temp_dir().join(format!("parley-e2e-db-{name}-{}", std::process::id())));
    let db = dir.0.join("library.sqlite");
    let url = server(db.clone()).await;
    let outcome = AssertUnwindSafe(drive(b.client.clone(), url, db))
        .catch_unwind()
        .await;
    let _ = b.client.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_a_salience_run_and_see_the_forecast_and_chart_change() {
    in_browser("main", |c, url, _| async move { drive(&c, &url).await }).await;
}

async fn drive(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    wait_for(
        c,
        "the page to load the flagship",
        "return document.body.dataset.ready || null;",
        |v| v == "true",
    )
    .await;
    let status = text_of(c, "#status").await;
    assert!(
        status
            .as_str()
            .unwrap()
            .contains("Valid: 8 actors, 4 issues"),
        "{status}"
    );

    // Numbers read the same in the page as in the CLI, report and charts: exact ties round to
    // the even digit as Rust does (JavaScript's toFixed rounds them up), shares keep a
    // decimal (99.8%, not 100%). 38.45, 0.45, 2.85 and 0.65 only look like ties: their binary
    // values lie above the tie, so both round up (sweep 7: the page printed 38.4).
    let samples = [
        38.25, -0.25, 2.5, 0.35, -0.04, 1.005, 1e21, -3e22, 1e100, 0.125, 2.5e15, 1.0005e15, 38.45,
        0.45, 2.85, 0.65, -38.45,
    ];
    let page_nums = c
        .execute(
            &format!(
                "return import('/assets/dom.js').then((m) => [{}].map((x) => [m.num(x, 1), m.num(x, 0), m.num(x, 2), m.pct(x / 100)]));",
                samples.map(|x| format!("{x:?}")).join(", ")
            ),
            vec![],
        )
        .await
        .unwrap();
    let rust_nums: Vec<[String; 4]> = samples
        .iter()
        .map(|&x| {
            let num = parley_report::text::num;
            [num(x, 1), num(x, 0), num(x, 2), format!("{}%", num(x, 1))]
        })
        .collect();
    assert_eq!(page_nums, json!(rust_nums));
    // Values on an issue's scale too (sweep 7: the page printed 0.0351 on [0, 0.05] as 0.0).
    let on = [
        (0.0351, [0.0, 0.05]),
        (62.5, [0.0, 100.0]),
        (1.5, [1.5, 3.0]),
        (2.85, [1.5, 3.0]),
        (1.2e-100, [1e-100, 2e-100]),
        (7.25, [4.0, 10.0]),
    ];
    let page_on = c
        .execute(
            &format!(
                "return import('/assets/dom.js').then((m) => [{}].map(([x, s]) => [m.onScale(x, s), m.given(x, s)]));",
                on.map(|(x, s)| format!("[{x:?}, [{:?}, {:?}]]", s[0], s[1])).join(", ")
            ),
            vec![],
        )
        .await
        .unwrap();
    let rust_on: Vec<[String; 2]> = on
        .iter()
        .map(|&(x, s)| {
            [
                parley_report::text::on_scale(x, s),
                parley_report::text::given(x, s),
            ]
        })
        .collect();
    assert_eq!(page_on, json!(rust_on));

    // Open file... is reachable with the keyboard: Tab from Flagship lands on it.
    c.execute("document.querySelector('#load-flagship').focus();", vec![])
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap();
    let tabbed = c
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(tabbed, json!("open-file"));
    // ... and Enter or Space there opens the file chooser (the hidden file input's click; the
    // chooser itself is cancelled here).
    c.execute(
        "window.uploadClicks = 0; document.querySelector('#upload').addEventListener('click', (e) => { window.uploadClicks += 1; e.preventDefault(); });",
        vec![],
    )
    .await
    .unwrap();
    press(c, "\u{E007}").await;
    press(c, " ").await;
    let clicks = c
        .execute("return window.uploadClicks;", vec![])
        .await
        .unwrap();
    assert_eq!(
        clicks,
        json!(2),
        "the keyboard did not open the file chooser"
    );

    // The page runs the scenario on arrival: the forecast is there without a click. How long
    // that took is reported, not asserted (a debug build on a shared machine).
    let first = forecast_on_arrival(c).await;
    eprintln!(
        "first forecast visible {} ms after the page was opened (debug build)",
        first.as_str().unwrap()
    );
    assert!(!text_of(c, FORECAST).await.is_null());
    // ... and it is on the first screen: the forecasts table starts within the top 700 CSS
    // pixels of the page (a laptop's 900-pixel window less the browser's bars), above the grid.
    let placement = c
        .execute(
            "const f = document.querySelector('#forecast-table').getBoundingClientRect().top + window.scrollY; const g = document.querySelector('#grid').getBoundingClientRect().top + window.scrollY; return [f, g];",
            vec![],
        )
        .await
        .unwrap();
    let (forecast_top, grid_top) = (
        placement[0].as_f64().unwrap_or(f64::MAX),
        placement[1].as_f64().unwrap_or(0.0),
    );
    assert!(
        forecast_top < 700.0 && forecast_top < grid_top,
        "the forecast is not on the first screen: table at {forecast_top} px, grid at {grid_top} px"
    );

    // Run the flagship as it is.
    click(c, "#run").await;
    let script = format!(
        "const e = document.querySelector({}); return e ? e.textContent : null;",
        json!(FORECAST)
    );
    let before = wait_for(c, "the first forecast", &script, Value::is_string).await;
    assert_eq!(before, json!(format!("{:.1}", expected_forecast(0.55))));
    let svg_before = chart_svg(c).await;
    assert!(
        svg_before.contains("data-chart=\"forecasts\""),
        "no forecasts chart"
    );

    // A salience below its own range: the CLI's message appears next to the cell.
    type_into(c, SALIENCE, "0.05").await;
    let msg_script = format!(
        "const i = document.querySelector({}); const m = i && i.closest('td').querySelector('.cell-msg'); return m ? [m.dataset.code, m.textContent] : null;",
        json!(SALIENCE)
    );
    let msg = wait_for(
        c,
        "the validation message next to the cell",
        &msg_script,
        Value::is_array,
    )
    .await;
    assert_eq!(msg[0], "value-outside-range", "{msg}");
    assert!(msg[1].as_str().unwrap().contains("0.05"), "{msg}");
    assert!(msg[1].as_str().unwrap().contains("Show ranges"), "{msg}");
    let disabled = c
        .execute("return document.querySelector('#run').disabled;", vec![])
        .await
        .unwrap();
    assert_eq!(disabled, json!(true));
    screenshot(c, "1-validation").await;

    // A valid salience, run again: the forecast and the chart change, to the core's numbers.
    // Leaving the cell (clearing it to type again) commits 0.05: the range is widened to take
    // it in, the page says so, and the scenario is valid; then 0.75.
    type_into(c, SALIENCE, "0.75").await;
    let widened = wait_for(
        c,
        "the scenario to be valid again",
        "return document.querySelector('#status').textContent;",
        |v| v.as_str().is_some_and(|s| s.contains("Valid: ")),
    )
    .await;
    assert!(
        widened
            .as_str()
            .unwrap()
            .contains("plausible range of Salience of usa on iran_nuclear now runs 0.05 to"),
        "{widened}"
    );
    click(c, "#run").await;
    let after = wait_for(c, "the forecast to change", &script, |v| {
        v.is_string() && *v != before
    })
    .await;
    let expected = format!("{:.1}", expected_forecast(0.75));
    assert_eq!(after, json!(expected));
    let svg_after = chart_svg(c).await;
    assert_ne!(svg_before, svg_after, "the chart's SVG did not change");
    assert!(
        svg_after.contains(&format!("compromise {expected}")),
        "the chart does not show {expected}"
    );
    assert!(!svg_before.contains(&format!("compromise {expected}")));
    screenshot(c, "2-results").await;

    // Hovering an actor in the chart highlights it in the grid too.
    let hovered = c
        .execute(
            "const g = document.querySelector('#chart-forecasts g.series[data-actor=\"usa\"]');
             g.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
             return [document.body.classList.contains('hovering'),
                     document.querySelector('#grid tr[data-actor=\"usa\"]').classList.contains('hl')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hovered, json!([true, true]));

    // Step the rounds back to the start: the marks of later rounds fade, by their data-round,
    // and round 0's are current. Then SMP, whose rounds are turns, at its turn 1.
    let step = |model: &str, k: u32| {
        format!(
            "const m = document.querySelector('#rounds-model');
             if (m.value !== '{model}') {{ m.value = '{model}'; m.dispatchEvent(new Event('change')); }}
             const s = document.querySelector('#rounds-step');
             s.value = '{k}'; s.dispatchEvent(new Event('input'));
             const marks = [...document.querySelectorAll('#chart-rounds g.series.actor circle')];
             return [document.querySelector('#rounds-label').textContent,
                     marks.length,
                     marks.filter((c) => c.classList.contains('future') === (Number(c.dataset.round) > {k})
                                      && c.classList.contains('current') === (Number(c.dataset.round) === {k})).length,
                     marks.filter((c) => c.classList.contains('future')).length,
                     document.querySelector('#chart-rounds g.panel').dataset.model];"
        )
    };
    for (model, k, unit) in [("eum", 0, "round"), ("smp", 1, "turn")] {
        let stepped = c.execute(&step(model, k), vec![]).await.unwrap();
        assert!(
            stepped[0]
                .as_str()
                .unwrap()
                .starts_with(&format!("{unit} {k} of ")),
            "{stepped}"
        );
        assert!(stepped[1].as_u64().unwrap() > 0, "{stepped}");
        assert_eq!(
            stepped[1], stepped[2],
            "every mark stepped by its round: {stepped}"
        );
        assert!(stepped[3].as_u64().unwrap() > 0, "{stepped}");
        assert_eq!(stepped[4], json!(model), "{stepped}");
    }

    // Structure: a new issue nobody takes part in is flagged at its id; a stance fixes it.
    click(c, "#add-issue").await;
    let flagged = wait_for(
        c,
        "the new issue's problem next to its id",
        "const m = document.querySelector('#grid tr[data-issue=\"issue_5\"] .cell-msg'); return m ? m.dataset.code : null;",
        Value::is_string,
    )
    .await;
    assert_eq!(flagged, "issue-without-actors");
    click(
        c,
        "#grid tr[data-actor=\"usa\"] td[data-path=\"actor[0].stance.issue_5\"] button",
    )
    .await;
    let valid = "return document.querySelector('#status').textContent;";
    let is_valid = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.contains("Valid: 8 actors, 5 issues"))
    };
    wait_for(c, "a stance to make the scenario valid", valid, is_valid).await;

    // Renaming an issue renames it in the stances, linkages, mediator, questions and what-ifs:
    // the scenario stays valid.
    type_into(c, "[data-path=\"issue[0].id\"]", "iran_limits").await;
    let checked = c
        .execute(
            "document.querySelector('[data-path=\"issue[0].id\"]').dispatchEvent(new Event('change'));
             return Number(document.body.dataset.validated);",
            vec![],
        )
        .await
        .unwrap();
    let newer = format!(
        "return Number(document.body.dataset.validated) > {checked} && document.querySelector('[data-path=\"actor[0].stance.iran_limits.position.value\"]') ? document.querySelector('#status').textContent : null;"
    );
    let renamed = wait_for(
        c,
        "the renamed scenario's validation",
        &newer,
        Value::is_string,
    )
    .await;
    assert!(is_valid(&renamed), "{renamed}");

    // Tab after renaming an actor moves on to the next cell (its name), not to the page and
    // then the first issue's id, where typing used to rename the issue silently.
    let renders = "return Number(document.querySelector('#grid').dataset.renders);";
    for (id, name_key) in [("usa2", "X"), ("usa", "")] {
        type_into(c, "[data-path=\"actor[0].id\"]", id).await;
        let before = c.execute(renders, vec![]).await.unwrap();
        c.find(Locator::Css("[data-path=\"actor[0].id\"]"))
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        // The rename redraws the grid once focus has moved; wait for that redraw.
        let redrawn = format!(
            "const a = document.activeElement;
             return Number(document.querySelector('#grid').dataset.renders) > {before} && a && a.dataset
                 ? (a.dataset.path || a.tagName) : null;"
        );
        let focused = wait_for(c, "focus after Tab", &redrawn, |v| {
            v.as_str() == Some("actor[0].name")
        })
        .await;
        assert_eq!(focused, json!("actor[0].name"));
        if !name_key.is_empty() {
            c.active_element()
                .await
                .unwrap()
                .send_keys(name_key)
                .await
                .unwrap();
        }
    }
    let after_tab = c
        .execute(
            "return [document.querySelector('[data-path=\"issue[0].id\"]').value,
                     document.querySelector('[data-path=\"actor[0].id\"]').value,
                     document.querySelector('[data-path=\"actor[0].name\"]').value];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(after_tab[0], json!("iran_limits"), "{after_tab}");
    assert_eq!(after_tab[1], json!("usa"), "{after_tab}");
    assert!(after_tab[2].as_str().unwrap().ends_with('X'), "{after_tab}");
    wait_for(c, "the renamed actor's validation", valid, is_valid).await;

    // Removing an actor takes what names it along (here the what-if that removes Israel).
    click(
        c,
        "#grid tr[data-actor=\"isr\"] button[aria-label=\"Remove actor isr\"]",
    )
    .await;
    let removed = wait_for(c, "Israel's removal", valid, |v| {
        v.as_str().is_some_and(|s| s.contains("Valid: 7 actors"))
    })
    .await;
    assert!(removed.as_str().unwrap().contains("what-if"), "{removed}");
    // The working copy is saved in the browser at every edit.
    let stored = "return JSON.parse(localStorage.getItem('parley.workingCopy')).actor.length;";
    assert_eq!(c.execute(stored, vec![]).await.unwrap(), json!(7));
    // Undo brings Israel back with what its removal took; then it is removed again.
    click(c, "#undo").await;
    let undone = wait_for(c, "the undo", valid, |v| {
        v.as_str().is_some_and(|s| {
            s.contains("Undone: remove actor isr") && s.contains("Valid: 8 actors")
        })
    })
    .await;
    assert!(undone.is_string());
    assert_eq!(c.execute(stored, vec![]).await.unwrap(), json!(8));
    let whatifs = "return (document.querySelector('#run-what-if').textContent.match(/Israel/g) || []).length;";
    assert_eq!(c.execute(whatifs, vec![]).await.unwrap(), json!(1));
    click(
        c,
        "#grid tr[data-actor=\"isr\"] button[aria-label=\"Remove actor isr\"]",
    )
    .await;
    wait_for(c, "Israel's second removal", valid, |v| {
        v.as_str().is_some_and(|s| s.contains("Valid: 7 actors"))
    })
    .await;
    // A reload loses nothing: the page comes back with the working copy, not the flagship.
    c.refresh().await.unwrap();
    let restored = wait_for(c, "the restored working copy", valid, |v| {
        v.as_str().is_some_and(|s| {
            s.contains("Restored the working copy") && s.contains("Valid: 7 actors, 5 issues")
        })
    })
    .await;
    assert!(restored.is_string());
    screenshot(c, "3-structure").await;

    // A Monte Carlo job with progress, to its bands and chart. The progress label is recorded
    // each time it is written (with whether the bar is shown), since a fast job may end
    // between two looks.
    c.execute(&watch_progress("mc"), vec![]).await.unwrap();
    type_into(c, "#mc-runs", "300").await;
    click(c, "#mc-start").await;
    let mc = wait_for(
        c,
        "the Monte Carlo result",
        "const h = document.querySelector('#mc-result h3'); return h ? [h.textContent, !!document.querySelector('#mc-result svg[data-chart=\"mc\"]'), document.querySelectorAll('#mc-result .pairs[data-model=\"eum\"] tbody tr').length] : null;",
        Value::is_array,
    )
    .await;
    assert!(
        mc[0].as_str().unwrap().starts_with("Monte Carlo: 300 runs"),
        "{mc}"
    );
    assert_eq!(mc[1], json!(true));
    // EUM's pair outcomes, a few pairs per issue.
    assert!(mc[2].as_u64().unwrap() > 0, "no pair outcomes: {mc}");
    let seen = progress_seen(c).await;
    assert!(
        seen.iter()
            .any(|(text, shown)| *shown && text.ends_with(" of 300 runs")),
        "no Monte Carlo progress shown: {seen:?}"
    );
    assert!(
        seen.iter().any(|(text, _)| text == "300 of 300 runs"),
        "{seen:?}"
    );
    screenshot(c, "4-monte-carlo").await;

    // Sensitivity runs as a job too, with its progress in steps (inputs, then runs); few runs
    // keep the test fast in a debug build.
    c.execute(&watch_progress("sens"), vec![]).await.unwrap();
    type_into(c, "#mc-runs", "20").await;
    click(c, "#sens-start").await;
    let sens = wait_for(
        c,
        "the sensitivity result",
        "const h = document.querySelector('#sens-result h3'); return h ? [h.textContent, !!document.querySelector('#sens-result svg')] : null;",
        Value::is_array,
    )
    .await;
    assert!(
        sens[0].as_str().unwrap().contains("20 Monte Carlo runs"),
        "{sens}"
    );
    assert_eq!(sens[1], json!(true));
    let seen = progress_seen(c).await;
    assert!(
        seen.iter()
            .any(|(text, shown)| *shown && text.contains(" steps (inputs, then runs)")),
        "no sensitivity progress shown: {seen:?}"
    );
    screenshot(c, "5-sensitivity").await;

    // Advice for the US, point runs: levers (each an edit to apply), proposals, coalitions.
    c.execute(
        "const s = document.querySelector('#advise-actor'); s.dispatchEvent(new Event('focus'));
         s.value = 'usa'; document.querySelector('#advise-runs').value = '0';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "#advise-start").await;
    let advice = wait_for(
        c,
        "the advice",
        "const h = document.querySelectorAll('#advise-result h3'); return h.length ? [h[0].textContent, h.length, [...document.querySelectorAll('#advise-result code')].map((e) => e.textContent)] : null;",
        Value::is_array,
    )
    .await;
    assert!(
        advice[0].as_str().unwrap().starts_with("Levers"),
        "{advice}"
    );
    assert_eq!(advice[1], json!(3), "{advice}");
    let edits = advice[2].as_array().unwrap();
    assert!(
        !edits.is_empty() && edits.iter().all(|e| e.as_str().unwrap().contains(" = ")),
        "{advice}"
    );
    c.execute(
        "document.querySelector('#advise-result').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(c, "5b-advice").await;

    // Open the flagship as a file, then edit a salience out of its range: the problem keeps the
    // line of that field in the file (84: usa's salience on iran_nuclear, the first
    // `value = 0.55`). After a structural edit (a new actor) it points at its cell only.
    let text = parley_web::input::FLAGSHIP_TOML;
    let line = text
        .lines()
        .position(|l| l.contains("value = 0.55"))
        .unwrap()
        + 1;
    let file = std::env::temp_dir().join(format!("parley-e2e-{}-opened.toml", std::process::id()));
    std::fs::write(&file, text).unwrap();
    c.execute("document.querySelector('#upload').hidden = false;", vec![])
        .await
        .unwrap();
    c.find(Locator::Css("#upload"))
        .await
        .unwrap()
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    wait_for(c, "the file to open", valid, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Opened") && s.contains("Valid: 8 actors, 4 issues"))
    })
    .await;
    let _ = std::fs::remove_file(&file);
    // 1.5: a salience no widening of its range can make valid (0.05 would be: leaving the
    // cell widens the range to take it in).
    type_into(c, SALIENCE, "1.5").await;
    let problem =
        "const li = document.querySelector('#problems li'); return li ? li.textContent : null;";
    let placed = wait_for(c, "the problem with its line", problem, Value::is_string).await;
    assert!(
        placed.as_str().unwrap().contains(&format!("line {line}: ")),
        "{placed}"
    );
    let checked = c
        .execute("return Number(document.body.dataset.validated);", vec![])
        .await
        .unwrap();
    click(c, "#add-actor").await;
    let newer = format!(
        "const li = document.querySelector('#problems li'); return Number(document.body.dataset.validated) > {checked} && li ? li.textContent : null;"
    );
    let unplaced = wait_for(c, "the problem after a new actor", &newer, Value::is_string).await;
    assert!(!unplaced.as_str().unwrap().contains("line "), "{unplaced}");
}

/// Records every text written to the progress label of a job kind (`mc`, `sens`: each has its
/// own), with whether its bar was shown then.
fn watch_progress(kind: &str) -> String {
    format!(
        "window.progressSeen = [];
         const label = document.querySelector('#{kind}-progress-label');
         const bar = document.querySelector('#{kind}-job');
         if (window.progressWatch) window.progressWatch.disconnect();
         window.progressWatch = new MutationObserver(() => {{
             if (label.textContent) window.progressSeen.push([label.textContent, !bar.hidden]);
         }});
         window.progressWatch.observe(label, {{ childList: true, characterData: true, subtree: true }});"
    )
}

async fn progress_seen(c: &Client) -> Vec<(String, bool)> {
    let seen = c
        .execute("return window.progressSeen;", vec![])
        .await
        .unwrap();
    seen.as_array()
        .unwrap()
        .iter()
        .map(|x| (x[0].as_str().unwrap().to_owned(), x[1].as_bool().unwrap()))
        .collect()
}

/// The library panel: save a version with a message, edit and save another, see both listed,
/// the change between them field by field, open the first (Undo brings the edit back), and the
/// working copy autosaved in the library restored after a reload with the browser's own copy
/// gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_panel_saves_lists_opens_diffs_and_autosaves() {
    in_browser("library", |c, url, db| async move {
        drive_library(&c, &url, &db).await
    })
    .await;
}

/// Seals the forecasts of nbs and compromise for versions 1 and 2 of `e2e` (as `parley seal`
/// does, 20 runs, seed 3) and records the flagship's shipped outcomes for it; the sealed
/// probabilities of `iran_wants_deal`, per version and model.
/// Seals version 1's odds inputs only (as Parley sealed before it recorded model error) and
/// version 2's with the built-in error model too; returns (version, model, inputs-only odds,
/// odds with model error) of iran_wants_deal.
fn seal_and_resolve(db: &Path) -> Vec<(i64, String, f64, Option<f64>)> {
    let mut lib = parley_library::Library::open(db).unwrap();
    let chosen = vec![
        parley_core::models::by_id("nbs").unwrap(),
        parley_core::models::by_id("compromise").unwrap(),
    ];
    let mut odds = Vec::new();
    for n in [1, 2] {
        let v = lib
            .get(&parley_library::Reference {
                name: "e2e".into(),
                version: Some(n),
            })
            .unwrap();
        let s = parley_library::store::parse("e2e", &v.content, &v.info.format).unwrap();
        let calibration = parley_scenario::calibration::for_scenario(&s, None).unwrap();
        let p = parley_library::forecast_calibrated(
            "e2e",
            &s,
            &v.content,
            &chosen,
            20,
            3,
            (n == 2).then_some(&calibration),
            &|| {},
        )
        .unwrap();
        let run = parley_library::RunRecord {
            scenario: "e2e".into(),
            version: Some(n),
            scenario_sha256: v.info.sha256.clone(),
            parley_version: "e2e".into(),
            models: vec!["nbs".into(), "compromise".into()],
            seed: 3,
            runs: 20,
            outputs: json!({}),
        };
        lib.seal(&run, &p).unwrap();
        odds.extend(p.iter().filter(|x| x.target == "iran_wants_deal").map(|x| {
            (
                n,
                x.model.clone(),
                x.probability.unwrap(),
                x.probability_with_model_error,
            )
        }));
    }
    let flagship = parley_scenario::read_str(
        "f.toml",
        parley_web::input::FLAGSHIP_TOML,
        parley_scenario::Format::Toml,
    )
    .unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../scenarios/grand-bargain-2025.resolution.toml"),
    )
    .unwrap();
    let mut r = parley_library::resolution::parse("r.toml", &text, &flagship).unwrap();
    r.scenario = "e2e".into();
    lib.resolve(&r).unwrap();
    odds
}

async fn drive_library(c: &Client, url: &str, db: &Path) {
    c.goto(url).await.unwrap();
    wait_for(
        c,
        "the page to load the flagship",
        "return document.body.dataset.ready || null;",
        |v| v == "true",
    )
    .await;
    let library_status = "return document.querySelector('#library-status').textContent;";
    let page_status = "return document.querySelector('#status').textContent;";
    let salience = format!("return document.querySelector({}).value;", json!(SALIENCE));

    // Version 1: the flagship as coded.
    type_into(c, "#library-name", "e2e").await;
    type_into(c, "#library-message", "as coded").await;
    click(c, "#library-save").await;
    wait_for(c, "the first save", library_status, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Saved e2e version 1."))
    })
    .await;

    // Version 2: one salience changed (inside its range).
    assert_eq!(c.execute(&salience, vec![]).await.unwrap(), json!("0.55"));
    type_into(c, SALIENCE, "0.7").await;
    wait_for(c, "the edit to validate", page_status, |v| {
        v.as_str().is_some_and(|s| s.contains("Valid: 8 actors"))
    })
    .await;
    type_into(c, "#library-message", "more US salience").await;
    click(c, "#library-save").await;
    wait_for(c, "the second save", library_status, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Saved e2e version 2."))
    })
    .await;

    // Both listed, newest first, with their messages.
    let rows = wait_for(
        c,
        "the versions of e2e",
        "return [...document.querySelectorAll('#library-versions tbody tr')].map((r) => [r.dataset.version, r.cells[3].textContent]);",
        |v| v.as_array().is_some_and(|a| a.len() == 2),
    )
    .await;
    assert_eq!(rows, json!([["2", "more US salience"], ["1", "as coded"]]));
    let listed = text_of(c, "#library-list tr[data-name=\"e2e\"]").await;
    assert!(
        listed.as_str().unwrap().contains("more US salience"),
        "{listed}"
    );
    let none = text_of(c, "#library-track").await;
    assert!(
        none.as_str()
            .unwrap()
            .contains("No sealed forecasts of e2e"),
        "{none}"
    );

    // With forecasts sealed for both versions and the outcome recorded, the question's odds
    // across the versions are charted against the outcome, with the sealed numbers in a table.
    let sealed = seal_and_resolve(db);
    click(c, "#library-list tr[data-name=\"e2e\"] button").await;
    let chart = wait_for(
        c,
        "the odds chart",
        "const s = document.querySelector('svg[data-chart=\"odds\"][data-question=\"iran_wants_deal\"]'); return s ? [[...s.querySelectorAll('.series')].map((g) => [g.dataset.model, g.querySelectorAll('circle').length]), !!s.querySelector('line.outcome'), s.textContent.includes('did not happen'), [...s.querySelectorAll('.series-inputs-only polyline')].map((l) => l.getAttribute('points').trim().split(' ').length)] : null;",
        Value::is_array,
    )
    .await;
    assert_eq!(
        chart,
        // One point each on the solid line (only version 2 has odds with model error); the
        // dashed inputs-only lines carry both versions.
        json!([[["nbs", 1], ["compromise", 1]], true, true, [2, 2]]),
        "{chart}"
    );
    let table = c
        .execute(
            "return [...document.querySelectorAll('table.odds[data-question=\"iran_wants_deal\"] tbody tr')].map((r) => [r.cells[1].textContent, r.cells[3].textContent, r.cells[4].textContent, r.cells[5].textContent, r.cells[6].textContent]);",
            vec![],
        )
        .await
        .unwrap();
    let pct = |p: f64| format!("{}%", parley_report::text::num(p * 100.0, 1));
    // Version 2 was sealed with model error, version 1 (as before Parley recorded it) not.
    assert!(sealed.iter().all(|(n, _, _, e)| e.is_some() == (*n == 2)));
    let expected: Vec<[String; 5]> = sealed
        .iter()
        .map(|(n, m, p, e)| {
            [
                n.to_string(),
                m.clone(),
                e.map_or("-".to_owned(), pct),
                pct(*p),
                "no (hindsight)".to_owned(),
            ]
        })
        .collect();
    assert_eq!(table, json!(expected));
    let caption = text_of(c, "figure.odds-track figcaption").await;
    assert_eq!(
        caption,
        json!("iran_wants_deal: did not happen (2025-12-31)")
    );
    c.execute(
        "document.querySelector('#library-track').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(c, "library-track").await;

    // The change from version 1 to 2, field by field.
    click(c, "#library-diff").await;
    let diff = wait_for(
        c,
        "the diff",
        "return [...document.querySelectorAll('#library-diff-result tbody tr')].map((r) => [...r.cells].map((d) => d.textContent));",
        |v| v.as_array().is_some_and(|a| !a.is_empty()),
    )
    .await;
    assert_eq!(
        diff,
        json!([[
            "actor[usa].stance.iran_nuclear.salience.value",
            "0.55",
            "0.7"
        ]]),
        "{diff}"
    );

    // Open version 1: the edit is gone; Undo brings it back.
    click(
        c,
        "#library-versions tr[data-version=\"1\"] button.library-open",
    )
    .await;
    wait_for(c, "version 1 opened", library_status, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Opened e2e version 1."))
    })
    .await;
    assert_eq!(c.execute(&salience, vec![]).await.unwrap(), json!("0.55"));
    click(c, "#undo").await;
    wait_for(c, "the undo", page_status, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Undone: open e2e version 1"))
    })
    .await;
    assert_eq!(c.execute(&salience, vec![]).await.unwrap(), json!("0.7"));

    // The working copy is autosaved in the library a moment after the last change.
    let autosaved = "return fetch('/api/library/working-copy/versions/latest').then((r) => r.json()).then((v) => v.scenario ? v.scenario.actor[0].stance.iran_nuclear.salience.value : null);";
    wait_for(c, "the working copy autosaved", autosaved, |v| {
        v == &json!(0.7)
    })
    .await;
    // With the browser's own copy gone, a reload restores the library's.
    c.execute("localStorage.clear();", vec![]).await.unwrap();
    c.refresh().await.unwrap();
    wait_for(c, "the working copy restored", page_status, |v| {
        v.as_str().is_some_and(|s| {
            s.contains("Restored the working copy autosaved in the library")
                && s.contains("Valid: 8 actors")
        })
    })
    .await;
    assert_eq!(c.execute(&salience, vec![]).await.unwrap(), json!("0.7"));
    screenshot(c, "library").await;
}

/// The results say how they were made (models, EUM rules, what-if), and grey out with the
/// reason when those settings change, as they do when the scenario is edited; changing the
/// settings back un-greys them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_name_their_settings_and_grey_when_the_settings_change() {
    in_browser("settings", |c, url, _| async move {
        drive_settings(&c, &url).await
    })
    .await;
}

async fn drive_settings(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    let label = "return document.querySelector('#run-label').textContent || null;";
    let first = wait_for(c, "the first run's label", label, Value::is_string).await;
    assert_eq!(
        first,
        json!("Made with all models; EUM rules convergent; what-if: none (the scenario as coded).")
    );
    let stale = "return [document.querySelector('#results').classList.contains('stale'), document.querySelector('#stale-note').hidden, document.querySelector('#stale-note').textContent];";
    let fresh = json!([false, true, ""]);
    assert_eq!(c.execute(stale, vec![]).await.unwrap(), fresh);

    // Choosing a what-if greys the results and says why.
    let choose = |id: &str| {
        format!(
            "const s = document.querySelector('#run-what-if'); s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }}));",
            json!(id)
        )
    };
    c.execute(&choose("israel_excluded"), vec![]).await.unwrap();
    assert_eq!(
        c.execute(stale, vec![]).await.unwrap(),
        json!([
            true,
            false,
            "The models, EUM rules or what-if changed since this run: run again to update the results."
        ])
    );
    // Back to none: fresh again.
    c.execute(&choose(""), vec![]).await.unwrap();
    assert_eq!(c.execute(stale, vec![]).await.unwrap(), fresh);
    // A model unticked: stale; and EUM rules changed too.
    click(c, "#models input[value=\"nbs\"]").await;
    assert_eq!(c.execute(stale, vec![]).await.unwrap()[0], json!(true));

    // Run with the what-if and without nbs: the label names both, and the results are fresh.
    c.execute(&choose("israel_excluded"), vec![]).await.unwrap();
    click(c, "#run").await;
    let second = wait_for(c, "the label of the second run", label, |v| {
        v.as_str().is_some_and(|s| s.contains("israel_excluded"))
    })
    .await;
    let text = second.as_str().unwrap();
    assert!(
        text.contains("what-if: Israel kept out of the bargain (israel_excluded)"),
        "{text}"
    );
    assert!(
        text.starts_with("Made with models ") && !text.contains("nbs"),
        "{text}"
    );
    wait_for(c, "fresh results", stale, |v| v == &fresh).await;
    // An edit of the scenario greys them with that reason.
    type_into(c, SALIENCE, "0.6").await;
    let edited = wait_for(c, "stale after an edit", stale, |v| v[0] == json!(true)).await;
    assert_eq!(
        edited[2],
        json!("The scenario changed since this run: run again to update the results.")
    );

    // Compare: each ticked what-if and each edit line is a variant of its own (sent as
    // `variants`, since the API's `what_if` and `set` now make one variant together, as
    // `parley compare`'s flags do; sweep2 item 6).
    // Two what-ifs ticked (fewer variants to analyse in a debug build), then two edits.
    let ticked = "const boxes = [...document.querySelectorAll('#what-ifs input')]; boxes.forEach((b, k) => { b.checked = k < 2; }); return boxes.filter((b) => b.checked).map((b) => b.value);";
    let mut expected: Vec<String> = c
        .execute(ticked, vec![])
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(expected.len() >= 2, "{expected:?}");
    let edits = ["usa.ukraine_aid.salience *= 0.5", "rus.capability += 10"];
    type_into(c, "#edits", &edits.join("\n")).await;
    expected.extend(edits.iter().map(|e| (*e).to_owned()));
    click(c, "#compare").await;
    let names = wait_for(
        c,
        "the comparison's variants",
        "const rows = [...document.querySelectorAll('#compare-result table tbody tr:not(.base)')]; const err = document.querySelector('#compare-error'); if (!err.hidden) return 'error: ' + err.textContent; return rows.length ? [...new Set(rows.map((r) => r.cells[0].textContent))] : null;",
        |v| !v.is_null(),
    )
    .await;
    assert_eq!(names, json!(expected));
}

/// Value edits can be undone and redone, one step per field edited in a row; a new edit after
/// an undo drops what could be redone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn value_edits_undo_and_redo() {
    in_browser(
        "undo",
        |c, url, _| async move { drive_undo(&c, &url).await },
    )
    .await;
}

async fn drive_undo(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    wait_for(
        c,
        "the page to load the flagship",
        "return document.body.dataset.ready || null;",
        |v| v == "true",
    )
    .await;
    const CAPABILITY: &str = "[data-path=\"actor[1].capability.value\"]";
    let values = format!(
        "return [document.querySelector({}).value, document.querySelector({}).value, document.querySelector('#undo').disabled, document.querySelector('#redo').disabled];",
        json!(SALIENCE),
        json!(CAPABILITY)
    );
    let start = c.execute(&values, vec![]).await.unwrap();
    let capability = start[1].as_str().unwrap().to_owned();
    assert_eq!(start, json!(["0.55", capability, true, true]));
    assert_ne!(capability, "30");

    // Two fields edited: two steps (typing a value is one step, however many keys).
    type_into(c, SALIENCE, "0.6").await;
    type_into(c, CAPABILITY, "30").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.6", "30", false, true])
    );
    let status = "return document.querySelector('#status').textContent;";
    click(c, "#undo").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.6", capability, false, false])
    );
    let said = c.execute(status, vec![]).await.unwrap();
    assert!(said.as_str().unwrap().contains("Undone: edit "), "{said}");
    click(c, "#undo").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.55", capability, true, false])
    );
    // Redo goes forward again, step by step.
    click(c, "#redo").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.6", capability, false, false])
    );
    let said = c.execute(status, vec![]).await.unwrap();
    assert!(said.as_str().unwrap().contains("Redone: edit "), "{said}");
    click(c, "#redo").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.6", "30", false, true])
    );
    // Undo, then a new edit: nothing left to redo, and Undo takes back the new edit.
    click(c, "#undo").await;
    type_into(c, SALIENCE, "0.65").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.65", capability, false, true])
    );
    click(c, "#undo").await;
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.6", capability, false, false])
    );
    // The keyboard: Ctrl+Z outside a text field undoes too.
    c.execute("document.querySelector('#run').focus();", vec![])
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E009}z")
        .await
        .unwrap();
    assert_eq!(
        c.execute(&values, vec![]).await.unwrap(),
        json!(["0.55", capability, true, false])
    );
}

#[tokio::test]
async fn the_page_fits_a_phone() {
    in_browser(
        "phone",
        |c, url, _| async move { drive_phone(&c, &url).await },
    )
    .await;
}

/// At 390 x 844 (a phone): the page is no wider than the screen, chart text is at least 10 px
/// as rendered, the header does not stay over the content, and the grid's id column stays in
/// view when the grid scrolls sideways.
async fn drive_phone(c: &Client, url: &str) {
    c.set_window_size(390, 844).await.unwrap();
    open_with_forecast(c, url).await;
    // The evidence table too (it opens on demand).
    c.execute(
        "document.querySelector('#evidence-editor').open = true;",
        vec![],
    )
    .await
    .unwrap();
    let width = c
        .execute(
            "const wide = [...document.querySelectorAll('body *')].filter((e) => { if (!(e.getBoundingClientRect().right > window.innerWidth + 1 && e.getClientRects().length)) return false; for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (getComputedStyle(a).overflowX !== 'visible') return false; } return true; }).map((e) => e.tagName + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')).slice(0, 8); return [document.documentElement.scrollWidth, window.innerWidth, wide];",
            vec![],
        )
        .await
        .unwrap();
    let (page, screen) = (width[0].as_f64().unwrap(), width[1].as_f64().unwrap());
    assert!(
        page <= screen + 1.0,
        "the page is {page} px wide on a {screen} px screen; too wide: {}",
        width[2]
    );
    // The smallest chart text as drawn: its font size times the chart's scale on screen.
    let smallest = c
        .execute(
            "let least = Infinity; for (const svg of document.querySelectorAll('.chart svg')) { const w = svg.viewBox.baseVal.width || svg.width.baseVal.value; const scale = svg.getBoundingClientRect().width / w; for (const t of svg.querySelectorAll('text')) { const size = parseFloat(t.getAttribute('font-size') || '12'); least = Math.min(least, size * scale); } } return least === Infinity ? null : least;",
            vec![],
        )
        .await
        .unwrap();
    let smallest = smallest.as_f64().expect("no chart text on the page");
    assert!(
        smallest >= 10.0,
        "chart text drawn at {smallest:.1} px on a phone"
    );
    let header = c
        .execute(
            "return getComputedStyle(document.querySelector('header.top')).position;",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(
        header,
        json!("sticky"),
        "the header stays over a phone's content"
    );
    // Scroll the actors' grid sideways: its first column keeps its place.
    let sticky = c
        .execute(
            "const cell = document.querySelector('#grid td:first-child'); let box = cell.parentElement; while (box && box !== document.body && !(box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX !== 'visible')) box = box.parentElement; if (!box || box === document.body) return null; const before = cell.getBoundingClientRect().left; box.scrollLeft = 200; const after = cell.getBoundingClientRect().left; return [before, after, box.scrollLeft];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        !sticky.is_null(),
        "the grid does not scroll sideways inside its card"
    );
    let (before, after, scrolled) = (
        sticky[0].as_f64().unwrap(),
        sticky[1].as_f64().unwrap(),
        sticky[2].as_f64().unwrap(),
    );
    assert!(scrolled > 0.0, "the grid did not scroll");
    assert!(
        (before - after).abs() < 1.0,
        "the id column moved from {before} to {after} px when the grid scrolled"
    );
}

/// The compromise model's forecast on iran_nuclear in the flagship with `edits` applied (a
/// what-if's edits), computed by the core: what the page must show after a run with them.
fn expected_forecast_with(edits: &[&str]) -> f64 {
    let base = parley_scenario::read_str(
        "f.toml",
        parley_web::input::FLAGSHIP_TOML,
        parley_scenario::Format::Toml,
    )
    .unwrap();
    let edits: Vec<String> = edits.iter().map(|e| (*e).to_owned()).collect();
    let edited = parley_core::what_if::apply_edits(
        &base,
        parley_core::what_if::EditSource::WhatIf("e2e".into()),
        &edits,
    )
    .unwrap();
    let a = parley_core::analyse(
        &edited,
        &[parley_core::models::by_id("compromise").unwrap()],
    )
    .unwrap();
    a.models[0].forecast["iran_nuclear"]
}

/// The working copy as the page saved it in the browser.
const SAVED: &str = "return JSON.parse(localStorage.getItem('parley.workingCopy'));";
const STATUS: &str = "return document.querySelector('#status').textContent;";

/// The message shown inside (or next to) the element with field path `path`, if any.
fn message_at(path: &str) -> String {
    format!(
        "const e = document.querySelector({}); if (!e) return null; const host = e.tagName === 'FIELDSET' ? e : (e.closest('td, label') || e.parentElement); const m = host.querySelector('.cell-msg'); return m ? [m.dataset.code, m.textContent] : null;",
        json!(format!("[data-path=\"{path}\"]"))
    )
}

/// Waits for the forecast the page runs on arrival; the milliseconds it took, as a string.
async fn forecast_on_arrival(c: &Client) -> Value {
    wait_for(
        c,
        "the forecast shown on arrival",
        "return document.body.dataset.firstForecastMs || null;",
        Value::is_string,
    )
    .await
}

/// Opens the page at `url` and waits for its forecast on arrival.
async fn open_with_forecast(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    forecast_on_arrival(c).await;
}

/// Waits until the field at `path` shows a problem next to it (`what` names the wait).
async fn problem_shown_at(c: &Client, what: &str, path: &str) -> Value {
    wait_for(c, what, &message_at(path), Value::is_array).await
}

/// Sets a select's value as a choice by the user would (a change event).
async fn choose(c: &Client, css: &str, value: &str) {
    c.execute(
        &format!(
            "const s = document.querySelector({}); s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }}));",
            json!(css),
            json!(value)
        ),
        vec![],
    )
    .await
    .unwrap();
}

/// Presses `keys` on the focused element.
async fn press(c: &Client, keys: &str) {
    c.active_element()
        .await
        .unwrap()
        .send_keys(keys)
        .await
        .unwrap();
}

async fn wait_valid(c: &Client, what: &str, counts: &str) -> Value {
    let want = format!("Valid: {counts}");
    wait_for(c, what, STATUS, |v| {
        v.as_str().is_some_and(|s| s.contains(&want))
    })
    .await
}

/// Runs with what the toolbar says and waits for the results' label of that run.
async fn run_and_wait(c: &Client) -> Value {
    c.execute(
        "document.querySelector('#run-label').textContent = '';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "#run").await;
    wait_for(
        c,
        "the run",
        "return document.querySelector('#run-label').textContent || null;",
        Value::is_string,
    )
    .await
}

/// Issue 19, item 3: the whole scenario is edited in the page. The question's condition
/// builder says the condition in words with issue names; a threshold typed wrong gets the
/// server's message inside the condition, Undo and Redo step through it, a comparison is added
/// from the keyboard and removed; a new what-if is written, chosen and run (the forecast is
/// the core's for the flagship with that edit, and the results answer the edited question); a
/// new linkage's issues are ticked from the keyboard (its problem shown in place, undone); the
/// mediator's bias, actor and removal; a number's evidence note, source and sentence; all of it
/// autosaved across a reload, and Flagship undoable. Then every control of these parts is
/// named and shows its focus when reached by Tab; Monte Carlo and sensitivity each show their
/// own progress; chart text meets WCAG AA; and the API's answers reach the page compressed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_scenario_is_edited_in_the_page() {
    in_browser(
        "parts",
        |c, url, _| async move { drive_parts(&c, &url).await },
    )
    .await;
}

#[allow(clippy::too_many_lines)]
async fn drive_parts(c: &Client, url: &str) {
    open_with_forecast(c, url).await;
    wait_valid(c, "the flagship", "8 actors, 4 issues").await;

    // The condition in words, with the issues' names, in the editor and in the results.
    let words = "return document.querySelector('#questions-editor [data-question=\"iran_wants_deal\"] .condition-words').textContent;";
    assert_eq!(
        c.execute(words, vec![]).await.unwrap(),
        json!(
            "Yes when Limits on Iran's nuclear programme at least 40 and Sanctions relief for Iran at least 40."
        )
    );
    let answered = "const p = document.querySelector('#questions .question[data-question=\"iran_wants_deal\"] p.condition'); return p ? p.textContent : null;";
    let said = c.execute(answered, vec![]).await.unwrap();
    assert!(
        said.as_str().unwrap().starts_with(
            "Yes when Limits on Iran's nuclear programme at least 40 and Sanctions relief for Iran at least 40"
        ),
        "{said}"
    );

    // The builder's reading of conditions, against the grammar of parley_core::condition:
    // comparisons joined by and / or (and binds tighter), anything else left to the text
    // field (null), no condition an empty list.
    let read = c
        .execute(
            "return import('/assets/parts.js').then((m) => ['a<3 or b>=4.5 and c<=-1', 'a = 3', 'a >= 3 and', '', 'x > 1e2'].map((t) => { const p = m.parseCondition(t); return p === null ? null : [m.conditionText(p), m.conditionInWords(p, (id) => id.toUpperCase())]; }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        read,
        json!([
            [
                "a < 3 or b >= 4.5 and c <= -1",
                "either A below 3, or B at least 4.5 and C at most -1"
            ],
            null,
            null,
            ["", ""],
            ["x > 1e2", "X above 1e2"]
        ])
    );

    // A threshold that is no number: the server's message inside the condition, Run disabled.
    const THRESHOLD: &str = "[data-path=\"question[0].condition[0].value\"]";
    type_into(c, THRESHOLD, "4o").await;
    let refused = problem_shown_at(
        c,
        "the condition's problem in place",
        "question[0].condition",
    )
    .await;
    assert!(
        refused[1].as_str().unwrap().contains("4o"),
        "the message does not name the value: {refused}"
    );
    let run_disabled = "return document.querySelector('#run').disabled;";
    assert_eq!(c.execute(run_disabled, vec![]).await.unwrap(), json!(true));
    type_into(c, THRESHOLD, "60").await;
    wait_valid(c, "the condition fixed", "8 actors, 4 issues").await;
    wait_for(
        c,
        "the message gone",
        &message_at("question[0].condition"),
        Value::is_null,
    )
    .await;
    let condition =
        "return JSON.parse(localStorage.getItem('parley.workingCopy')).question[0].condition;";
    assert_eq!(
        c.execute(condition, vec![]).await.unwrap(),
        json!("iran_nuclear >= 60 and iran_sanctions >= 40")
    );
    assert!(
        c.execute(words, vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .contains("programme at least 60 and")
    );

    // Undo and Redo: the threshold's edits are one step.
    let threshold = format!("return document.querySelector({}).value;", json!(THRESHOLD));
    click(c, "#undo").await;
    assert_eq!(c.execute(&threshold, vec![]).await.unwrap(), json!("40"));
    assert!(
        c.execute(words, vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .contains("programme at least 40 and")
    );
    click(c, "#redo").await;
    assert_eq!(c.execute(&threshold, vec![]).await.unwrap(), json!("60"));
    assert_eq!(
        c.execute(condition, vec![]).await.unwrap(),
        json!("iran_nuclear >= 60 and iran_sanctions >= 40")
    );

    // A comparison added from the keyboard (Enter on "+ Comparison"): focus moves to its issue.
    c.execute(
        "document.querySelector('[data-path=\"question[0].condition.add\"]').focus();",
        vec![],
    )
    .await
    .unwrap();
    press(c, "\u{E007}").await;
    let focused = "return document.activeElement.dataset.path || document.activeElement.tagName;";
    assert_eq!(
        c.execute(focused, vec![]).await.unwrap(),
        json!("question[0].condition[2].issue")
    );
    choose(
        c,
        "[data-path=\"question[0].condition[2].issue\"]",
        "ukraine_aid",
    )
    .await;
    choose(c, "[data-path=\"question[0].condition[2].join\"]", "or").await;
    assert_eq!(
        c.execute(words, vec![]).await.unwrap(),
        json!(
            "Yes when either Limits on Iran's nuclear programme at least 60 and Sanctions relief for Iran at least 40, or US military aid to Ukraine at least 50."
        )
    );
    assert_eq!(
        c.execute(condition, vec![]).await.unwrap(),
        json!("iran_nuclear >= 60 and iran_sanctions >= 40 or ukraine_aid >= 50")
    );
    click(c, "[aria-label=\"Remove comparison 3 of question 1\"]").await;
    assert_eq!(
        c.execute(condition, vec![]).await.unwrap(),
        json!("iran_nuclear >= 60 and iran_sanctions >= 40")
    );
    wait_valid(c, "the comparison removed", "8 actors, 4 issues").await;

    // A named what-if written in the page, chosen and run: the forecast is the core's for the
    // flagship with that edit, and the results answer the question as edited.
    click(c, "#add-what-if").await;
    let new_what_if = c
        .execute("return document.activeElement.dataset.path;", vec![])
        .await
        .unwrap();
    assert_eq!(new_what_if, json!("what_if[6].edits"));
    press(c, "usa.capability *= 2").await;
    type_into(c, "[data-path=\"what_if[6].name\"]", "Stronger US").await;
    wait_valid(c, "the new what-if", "8 actors, 4 issues").await;
    let id = c
        .execute(
            "return JSON.parse(localStorage.getItem('parley.workingCopy')).what_if[6];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(id["edits"], json!(["usa.capability *= 2"]), "{id}");
    choose(c, "#run-what-if", id["id"].as_str().unwrap()).await;
    let label = run_and_wait(c).await;
    assert!(
        label.as_str().unwrap().contains("what-if: Stronger US"),
        "{label}"
    );
    let expected = format!("{:.1}", expected_forecast_with(&["usa.capability *= 2"]));
    assert_eq!(text_of(c, FORECAST).await, json!(expected));
    let said = c.execute(answered, vec![]).await.unwrap();
    assert!(
        said.as_str().unwrap().contains("programme at least 60 and"),
        "the run did not use the edited question: {said}"
    );
    choose(c, "#run-what-if", "").await;
    c.execute(
        "document.querySelector('#questions-editor').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(c, "parts-1-questions").await;

    // A linkage added; its issues ticked from the keyboard (Space); one issue is too few, and
    // the server says so in place; Undo.
    click(c, "#add-linkage").await;
    wait_valid(c, "the new linkage", "8 actors, 4 issues").await;
    const SANCTIONS: &str =
        "fieldset[data-path=\"linkage[2].issues\"] input[value=\"iran_sanctions\"]";
    c.execute(
        &format!("document.querySelector({}).focus();", json!(SANCTIONS)),
        vec![],
    )
    .await
    .unwrap();
    press(c, " ").await;
    let ticked = format!(
        "return document.querySelector({}).checked;",
        json!(SANCTIONS)
    );
    assert_eq!(c.execute(&ticked, vec![]).await.unwrap(), json!(false));
    let too_few = problem_shown_at(c, "the linkage's problem in place", "linkage[2].issues").await;
    eprintln!("a linkage with one issue: {too_few}");
    let undo_title = "return document.querySelector('#undo').title;";
    let title = c.execute(undo_title, vec![]).await.unwrap();
    assert!(
        title.as_str().unwrap().starts_with("Undo: untick"),
        "{title}"
    );
    click(c, "#undo").await;
    assert_eq!(c.execute(&ticked, vec![]).await.unwrap(), json!(true));
    wait_valid(c, "the linkage undone", "8 actors, 4 issues").await;

    // The mediator: a bias out of 0-1 refused in place, then fixed; another actor; removed and
    // brought back by Undo.
    type_into(c, "[data-path=\"mediator.bias.value\"]", "1.5").await;
    problem_shown_at(c, "the bias's problem in place", "mediator.bias.value").await;
    type_into(c, "[data-path=\"mediator.bias.value\"]", "0.5").await;
    wait_valid(c, "the bias fixed", "8 actors, 4 issues").await;
    choose(c, "[data-path=\"mediator.actor\"]", "chn").await;
    let mediator =
        "return JSON.parse(localStorage.getItem('parley.workingCopy')).mediator || null;";
    let m = c.execute(mediator, vec![]).await.unwrap();
    assert_eq!(m["actor"], json!("chn"), "{m}");
    assert_eq!(m["bias"]["value"], json!(0.5), "{m}");
    click(c, "[aria-label=\"Remove the mediator\"]").await;
    assert_eq!(c.execute(mediator, vec![]).await.unwrap(), Value::Null);
    assert!(c.find(Locator::Css("#add-mediator")).await.is_ok());
    click(c, "#undo").await;
    assert_eq!(
        c.execute(mediator, vec![]).await.unwrap()["actor"],
        json!("chn")
    );
    wait_valid(c, "the mediator back", "8 actors, 4 issues").await;

    // A number's evidence: note, source and sentence (a sentence that is no number is refused
    // in place).
    click(c, "#evidence-editor summary").await;
    type_into(c, "[data-path=\"actor[0].capability.note\"]", "e2e note").await;
    choose(c, "[data-path=\"actor[0].capability.source\"]", "article").await;
    type_into(c, "[data-path=\"actor[0].capability.sentence\"]", "x").await;
    problem_shown_at(
        c,
        "the sentence's problem in place",
        "actor[0].capability.sentence",
    )
    .await;
    type_into(c, "[data-path=\"actor[0].capability.sentence\"]", "3").await;
    wait_valid(c, "the evidence", "8 actors, 4 issues").await;
    let capability = c.execute(SAVED, vec![]).await.unwrap()["actor"][0]["capability"].clone();
    assert_eq!(capability["note"], json!("e2e note"), "{capability}");
    assert_eq!(capability["source"], json!("article"), "{capability}");
    assert_eq!(capability["sentence"], json!(3), "{capability}");
    // An issue's own note (the issue as a whole), in the same table.
    type_into(c, "[data-path=\"issue[0].note\"]", "e2e issue note").await;
    let issue_note = "return JSON.parse(localStorage.getItem('parley.workingCopy')).issue[0].note;";
    assert_eq!(
        c.execute(issue_note, vec![]).await.unwrap(),
        json!("e2e issue note")
    );
    c.execute(
        "document.querySelector('#evidence-editor').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    screenshot(c, "parts-2-evidence").await;

    // A reload brings every one of these edits back.
    c.refresh().await.unwrap();
    wait_for(c, "the restored working copy", STATUS, |v| {
        v.as_str().is_some_and(|s| {
            s.contains("Restored the working copy") && s.contains("Valid: 8 actors, 4 issues")
        })
    })
    .await;
    let restored = c
        .execute(
            "const v = (p) => { const e = document.querySelector(`[data-path=\"${p}\"]`); return e ? e.value : null; };
             return [v('question[0].condition[0].value'), v('what_if[6].name'), v('mediator.actor'), v('actor[0].capability.note'), v('linkage[2].name')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        restored,
        json!(["60", "Stronger US", "chn", "e2e note", "New linkage 3"]),
        "{restored}"
    );

    // Flagship replaces all of it, undoably.
    click(c, "#load-flagship").await;
    let count =
        "return (JSON.parse(localStorage.getItem('parley.workingCopy')).what_if || []).length;";
    wait_for(c, "the flagship", count, |v| v == &json!(6)).await;
    click(c, "#undo").await;
    assert_eq!(c.execute(count, vec![]).await.unwrap(), json!(7));

    // Every control of the parts has a name, and each shows its focus when reached by Tab.
    let unnamed = c
        .execute(
            "return [...document.querySelectorAll('#parts input, #parts select, #parts textarea, #parts button')].filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim())).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(unnamed, json!(0));
    // Tab through the whole page, from the top until focus comes round again: every element
    // reached shows a focus outline (the evidence table stays folded: its controls are of the
    // kinds checked elsewhere).
    c.execute(
        "document.activeElement.blur(); window.scrollTo(0, 0);",
        vec![],
    )
    .await
    .unwrap();
    let outline = "const a = document.activeElement; if (!a || a === document.body) return null; if (a.dataset.walked) return 'again'; a.dataset.walked = '1'; const s = getComputedStyle(a); return [a.dataset.path || a.id || (a.type === 'checkbox' ? 'checkbox' : a.tagName), s.outlineStyle, parseFloat(s.outlineWidth), !!a.closest('#parts')];";
    let mut reached = Vec::new();
    for _ in 0..1500 {
        press(c, "\u{E004}").await;
        let o = c.execute(outline, vec![]).await.unwrap();
        if !o.is_array() {
            break;
        }
        assert!(
            o[1] != json!("none") && o[2].as_f64().unwrap_or(0.0) >= 1.0,
            "focus not visible on {o}"
        );
        reached.push(o[0].as_str().unwrap_or("").to_owned());
    }
    eprintln!(
        "Tab reached {} elements, each with its focus outline",
        reached.len()
    );
    for control in [
        "load-flagship",
        "open-file",
        "run",
        "actor[0].stance.iran_nuclear.salience.value",
        "question[0].condition[0].value",
        "add-question",
        "checkbox",
        "mediator.bias.value",
        "what_if[0].edits",
        "add-what-if",
        "SUMMARY",
        "mc-start",
        "sens-start",
        "library-save",
    ] {
        assert!(
            reached.iter().any(|r| r == control),
            "Tab did not reach {control}: {reached:?}"
        );
    }

    // Monte Carlo and sensitivity at once: each has its own progress bar and label.
    c.execute(
        "for (const kind of ['mc', 'sens']) {
             const label = document.querySelector(`#${kind}-progress-label`);
             const bar = document.querySelector(`#${kind}-job`);
             window[`${kind}Seen`] = [];
             new MutationObserver(() => { if (label.textContent) window[`${kind}Seen`].push([label.textContent, !bar.hidden]); })
                 .observe(label, { childList: true, characterData: true, subtree: true });
         }",
        vec![],
    )
    .await
    .unwrap();
    type_into(c, "#mc-runs", "20").await;
    let both = c
        .execute(
            "document.querySelector('#mc-start').click(); document.querySelector('#sens-start').click();
             return [document.querySelector('#mc-job').hidden, document.querySelector('#sens-job').hidden];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(both, json!([false, false]), "both jobs' bars shown at once");
    wait_for(
        c,
        "both jobs' results",
        "return document.querySelector('#mc-result h3') && document.querySelector('#sens-result h3') ? true : null;",
        Value::is_boolean,
    )
    .await;
    let seen = c
        .execute("return [window.mcSeen, window.sensSeen];", vec![])
        .await
        .unwrap();
    let texts = |k: usize| -> Vec<String> {
        seen[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[0].as_str().unwrap().to_owned())
            .collect()
    };
    let (mc, sens) = (texts(0), texts(1));
    assert!(
        mc.iter().any(|t| t == "20 of 20 runs"),
        "Monte Carlo's progress: {mc:?}"
    );
    assert!(
        mc.iter()
            .all(|t| t.contains("runs") && !t.contains("steps")),
        "Monte Carlo's label showed another job: {mc:?}"
    );
    assert!(
        sens.iter()
            .any(|t| t.contains(" of ") && t.ends_with("steps (inputs, then runs)")),
        "sensitivity's progress: {sens:?}"
    );
    assert!(
        sens.iter().all(|t| t.contains("steps (inputs, then runs)")),
        "sensitivity's label showed another job: {sens:?}"
    );

    // Chart text on the page meets WCAG AA (4.5:1) on the white chart background.
    let contrast = c
        .execute(
            "const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
             const lum = (rgb) => 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
             let worst = [Infinity, null], n = 0;
             for (const t of document.querySelectorAll('.chart svg text, #mc-result svg text, #sens-result svg text')) {
                 if (!t.textContent.trim()) continue;
                 const m = getComputedStyle(t).fill.match(/[\\d.]+/g);
                 if (!m) continue;
                 n += 1;
                 const ratio = 1.05 / (lum(m.map(Number)) + 0.05);
                 if (ratio < worst[0]) worst = [ratio, t.textContent + ' ' + getComputedStyle(t).fill];
             }
             return [n, worst[0], worst[1]];",
            vec![],
        )
        .await
        .unwrap();
    assert!(contrast[0].as_u64().unwrap() > 50, "{contrast}");
    assert!(
        contrast[1].as_f64().unwrap() >= 4.5,
        "chart text below WCAG AA: {contrast}"
    );

    // Compression: the API's answer reaches the page gzipped (fewer bytes over the wire than
    // it decodes to).
    let gz = c
        .execute(
            "return fetch('/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ models: ['compromise'], charts: true }) })
               .then((r) => r.text().then(() => { const e = performance.getEntriesByName(r.url).pop(); return [r.headers.get('content-encoding'), e.encodedBodySize, e.decodedBodySize]; }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(gz[0], json!("gzip"), "{gz}");
    assert!(
        gz[1].as_f64().unwrap() < gz[2].as_f64().unwrap() / 2.0,
        "not compressed on the wire: {gz}"
    );

    // Tab after editing an issue's name moves on to the next cell (what its low end means),
    // as after an actor's id (main test): the redraw keeps the keyboard's place.
    // (Typed over the selected name: clearing it first would commit the empty name and
    // redraw the grid under the typing.)
    c.execute(
        "const e = document.querySelector('[data-path=\"issue[1].name\"]'); e.focus(); e.select();",
        vec![],
    )
    .await
    .unwrap();
    press(c, "Sanctions relief").await;
    let renders = c
        .execute(
            "return Number(document.querySelector('#grid').dataset.renders);",
            vec![],
        )
        .await
        .unwrap();
    press(c, "\u{E004}").await;
    let redrawn = format!(
        "const a = document.activeElement;
         return Number(document.querySelector('#grid').dataset.renders) > {renders} && a && a.dataset
             ? (a.dataset.path || a.tagName) : null;"
    );
    let focused = wait_for(c, "focus after Tab", &redrawn, Value::is_string).await;
    assert_eq!(focused, json!("issue[1].low"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_is_saved_from_the_page_and_prints_as_a_brief() {
    in_browser(
        "report",
        |c, url, _| async move { drive_report(&c, &url).await },
    )
    .await;
}

/// At most this many pages when the report prints on US Letter (the WebDriver default), as in
/// `parley-report/tests/print.rs`, which also checks every page's fill.
const REPORT_MAX_PAGES: usize = 27;

/// The page's "Save the report": the file it saves is the server's report of the scenario in
/// the page (an edit shows in it); printed by this Chromium, it stays within the page bound,
/// every page carries its number, and page 1 holds every question's answer.
async fn drive_report(c: &Client, url: &str) {
    open_with_forecast(c, url).await;
    // Item 7's palette as drawn in the page: each actor one colour of its own, and together the
    // first colours of the palette that `parley_report::chart::style`'s test holds apart under
    // protanopia, deuteranopia and tritanopia (at least 10 CIE76 units for the first eight).
    let fills = c
        .execute(
            "const out = {}; for (const g of document.querySelectorAll('#chart-forecasts g.series.actor')) { const m = g.querySelector('circle'); if (m) (out[g.dataset.actor] ||= new Set()).add(m.getAttribute('fill').toUpperCase()); } return Object.fromEntries(Object.entries(out).map(([a, s]) => [a, [...s]]));",
            vec![],
        )
        .await
        .unwrap();
    let fills: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_value(fills).unwrap();
    assert!(fills.len() >= 2 && fills.len() <= 8, "{fills:?}");
    let mut drawn: Vec<String> = fills
        .values()
        .map(|f| {
            assert_eq!(f.len(), 1, "an actor drawn in several colours: {fills:?}");
            f[0].clone()
        })
        .collect();
    drawn.sort();
    let mut palette: Vec<String> = (0..fills.len())
        .map(|i| parley_report::chart::style::actor_colour(i).to_uppercase())
        .collect();
    palette.sort();
    assert_eq!(
        drawn, palette,
        "the page's actor colours are not the tested palette"
    );

    // An edit that must reach the report: the scenario's name.
    type_into(c, "[data-path=\"scenario.name\"]", "Edited in the page").await;
    wait_valid(c, "the renamed scenario", "8 actors, 4 issues").await;
    // Keep what the page saves: the blob handed to the download link.
    c.execute(
        "window.savedReport = null; const make = URL.createObjectURL; \
         URL.createObjectURL = (b) => { window.savedReport = b; return make.call(URL, b); };",
        vec![],
    )
    .await
    .unwrap();
    type_into(c, "#report-runs", "300").await;
    click(c, "#report-start").await;
    let done = wait_for(
        c,
        "the report saved",
        "const t = document.getElementById('report-done').textContent; return t.startsWith('Saved') ? t : null;",
        Value::is_string,
    )
    .await;
    assert!(
        done.as_str()
            .unwrap()
            .contains("edited-in-the-page-report.html"),
        "{done}"
    );
    let html = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.savedReport.text().then(done);",
            vec![],
        )
        .await
        .unwrap();
    let html = html.as_str().unwrap().to_owned();
    assert!(
        html.contains("<title>Edited in the page"),
        "the edit is not in the report"
    );

    // Open the saved file and print it.
    let dir =
        TempDir(std::env::temp_dir().join(format!("parley-e2e-report-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let file = dir.0.join("report.html");
    std::fs::write(&file, &html).unwrap();
    c.goto(&format!("file://{}", file.display())).await.unwrap();
    let answers = c
        .execute(
            "return [...document.querySelectorAll('.brief-answers > li[data-question] p.brief-answer')].map(p => p.textContent);",
            vec![],
        )
        .await
        .unwrap();
    let answers: Vec<String> = serde_json::from_value(answers).unwrap();
    let flagship = parley_scenario::read_str(
        "flagship.toml",
        parley_web::input::FLAGSHIP_TOML,
        parley_scenario::Format::Toml,
    )
    .unwrap();
    assert_eq!(
        answers.len(),
        flagship.questions.len(),
        "one answer per question of the flagship"
    );
    let pdf = c.print(Default::default()).await.unwrap();
    if let Ok(dir) = std::env::var("PARLEY_SCREENSHOTS") {
        std::fs::write(Path::new(&dir).join("report.pdf"), &pdf).unwrap();
    }
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let n = pages.len();
    eprintln!("the saved report printed on {n} pages");
    assert!((2..=REPORT_MAX_PAGES).contains(&n), "{n} pages");
    for &number in &pages {
        let text = squeeze(&doc.extract_text(&[number]).unwrap());
        assert!(
            text.contains(&squeeze(&format!("Page {number} of {n}"))),
            "page {number} has no page number"
        );
    }
    let page_one = squeeze(&doc.extract_text(&[1]).unwrap());
    for answer in &answers {
        assert!(
            page_one.contains(&squeeze(answer)),
            "not on page 1: {answer}"
        );
    }
}

/// The "Draft from article" panel: an article pasted with its date is read by the server's
/// news reader; the proposals show with their sentences; the draft loads into the editor with
/// its placeholders as the text "TODO" (never a number), each marked at its cell; Undo brings
/// the flagship back. Then an xlsx workbook (the flagship as the xlsx writer writes it, one
/// salience edited) opens through *Open file...*.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_drafts_a_scenario_and_a_workbook_opens() {
    in_browser("extract", |c, url, db| async move {
        drive_extract(&c, &url, &db).await
    })
    .await;
}

async fn drive_extract(c: &Client, url: &str, db: &Path) {
    open_with_forecast(c, url).await;
    // The first two paragraphs of the seed article (shared/articles/000_a443e80bef327c66.txt).
    let article = "The US could tap Russia as a mediator to assist it in working with Tehran on \
                   a new Iran deal, Bloomberg News said on Tuesday.\nThis report came as others \
                   said that Russia had sent officials to Iran during the 15-month war between \
                   Hamas and Israel.";
    c.execute(
        "document.querySelector('#extract-text').value = arguments[0];",
        vec![json!(article)],
    )
    .await
    .unwrap();
    type_into(c, "#extract-date", "2025-03-04").await;
    click(c, "#extract-start").await;
    let rows = wait_for(
        c,
        "the reader's proposals",
        "const t = document.querySelectorAll('#extract-result table'); return t.length ? [...t[1].querySelectorAll('tbody tr')].map((r) => [...r.cells].map((x) => x.textContent)) : null;",
        Value::is_array,
    )
    .await;
    let mediate = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0].as_str().unwrap().starts_with("MEDIATE"))
        .unwrap_or_else(|| panic!("no MEDIATE row: {rows}"));
    assert_eq!(mediate[1], "RUS", "{mediate}");
    assert_eq!(mediate[2], "USA, IRN", "{mediate}");
    assert_eq!(
        mediate[3], "possible: could; says Bloomberg News",
        "{mediate}"
    );
    assert!(
        mediate[4]
            .as_str()
            .unwrap()
            .starts_with("s1: The US could tap Russia as a mediator"),
        "{mediate}"
    );
    screenshot(c, "extract-1-proposals").await;

    // Into the editor: the placeholders stay text and are problems at their cells.
    click(c, "#extract-load").await;
    wait_for(c, "the draft's problems", STATUS, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Loaded the draft") && s.contains("problem"))
    })
    .await;
    let capability = "[data-path=\"actor[0].capability.value\"]";
    let value = c
        .execute(
            &format!(
                "return document.querySelector({}).value;",
                json!(capability)
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(value, json!("TODO"));
    let shown = problem_shown_at(c, "the TODO problem", "actor[0].capability").await;
    assert_eq!(shown[0], "todo", "{shown}");
    screenshot(c, "extract-2-draft-in-editor").await;
    click(c, "#undo").await;
    wait_valid(c, "the flagship back", "8 actors").await;

    // An xlsx workbook: the flagship with usa's salience on iran_nuclear at 0.6.
    let mut flagship = parley_scenario::read_str(
        "f.toml",
        parley_web::input::FLAGSHIP_TOML,
        parley_scenario::Format::Toml,
    )
    .unwrap();
    flagship.actors[0]
        .stances
        .get_mut("iran_nuclear")
        .unwrap()
        .salience
        .value = 0.6;
    let path = db.with_file_name("edited.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        parley_scenario::sheet::xlsx::write(&flagship).unwrap(),
    )
    .unwrap();
    let input = c.find(Locator::Css("#upload")).await.unwrap();
    input.send_keys(path.to_str().unwrap()).await.unwrap();
    wait_for(c, "the workbook opened", STATUS, |v| {
        v.as_str()
            .is_some_and(|s| s.contains("Opened edited.xlsx") && s.contains("Valid"))
    })
    .await;
    let value = c
        .execute(
            "return document.querySelector('[data-path=\"actor[0].stance.iran_nuclear.salience.value\"]').value;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(value, json!("0.6"));
}
