//! `tests/openapi/CONFORMANCE.md`: the counts of a conformance run, written, and read back
//! to tell a regression.

use std::fmt::Write as _;

use super::Counts;

/// What fell below the counts that `report` (a `CONFORMANCE.md`) records, one line each.
pub(super) fn regressions(report: &str, all: &[Counts]) -> Vec<String> {
    let mut out = Vec::new();
    // Each count's column, by the report's own header (after `document`).
    let header: Vec<&str> = report
        .lines()
        .find(|l| l.starts_with("| document |"))
        .map(|l| l.split('|').map(str::trim).skip(2).collect())
        .unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| *h == name);
    for c in all {
        let row = format!("| {} (`{}`) |", c.name, c.file);
        let Some(line) = report.lines().find(|l| l.starts_with(&row)) else {
            continue;
        };
        // The leading number of each cell.
        let cells: Vec<Option<usize>> = line[row.len()..]
            .split('|')
            .map(|cell| cell.split_whitespace().next().and_then(|n| n.parse().ok()))
            .collect();
        let checks = [
            ("functions", column("functions"), c.imported, false),
            ("typed operations", column("typed"), c.typed, false),
            (
                "requests accepted by Prism",
                column("accepted by Prism"),
                c.accepted,
                true,
            ),
            (
                "answers decoded",
                column("answers decoded"),
                c.decoded,
                true,
            ),
        ];
        for (what, cell, now, live) in checks {
            let Some(cell) = cell else { continue };
            if c.not_live.is_some() && live {
                continue;
            }
            if let Some(Some(was)) = cells.get(cell)
                && now < *was
            {
                out.push(format!("{}: {now} {what}, the report has {was}", c.name));
            }
        }
    }
    out
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    // Counts of operations: far below f64's exact range.
    #[allow(clippy::cast_precision_loss)]
    let share = part as f64 * 100.0 / whole as f64;
    format!("{share:.1}%")
}

pub(super) fn report_text(all: &[Counts]) -> String {
    let mut out = String::from(
        "# Conformance: real OpenAPI documents, imported and run live\n\n\
         Made by `cargo xtask conformance`. CI runs it (`.ci/run`) and fails where a count of\n\
         functions, typed operations, accepted requests or decoded answers falls below this\n\
         report's. Each document of `tests/openapi/corpus/` (where from, commit, licence: `README.md` there) is imported with\n\
         no hand edit, generated into a crate that must pass `cargo clippy -D warnings` and build\n\
         its docs without a rustdoc warning, and each\n\
         operation's imported example (its required arguments; and once with every optional\n\
         query parameter, header and body field) is sent through the generated client to\n\
         [Stoplight Prism](https://github.com/stoplightio/prism) (`tests/prism/`, pinned)\n\
         running `prism mock --errors` with the ORIGINAL document on 127.0.0.1: Prism validates\n\
         each request against the document and answers from its examples and schemas; the\n\
         answer is decoded.\n\n\
         | document | operations | functions | typed | every part converted | requests sent | Prism misread | accepted by Prism | Prism's answer broken | answers decoded | seconds |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for c in all {
        let _ = write!(
            out,
            "| {} (`{}`) | {} | {} ({}) | {} ({}) | {} ({}) ",
            c.name,
            c.file,
            c.operations,
            c.imported,
            percent(c.imported, c.operations),
            c.typed,
            percent(c.typed, c.operations),
            c.whole,
            percent(c.whole, c.operations),
        );
        if c.not_live.is_some() {
            let _ = writeln!(out, "| not run live | | | | | {:.0} |", c.seconds);
            continue;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} ({}) | {} | {} ({}) | {:.0} |",
            c.sent,
            c.prism_misread,
            c.accepted,
            percent(c.accepted, c.sent - c.prism_misread),
            c.prism_broke,
            c.decoded,
            percent(c.decoded, c.accepted - c.prism_broke),
            c.seconds
        );
    }
    out.push_str(
        "\n\"Functions\": operations that are at least one generated function. \"Typed\": those\n\
         whose functions take and give typed values (no body or response that is `json` as a\n\
         whole). \"Every part converted\": operations of which the import reported nothing\n\
         (every parameter, body and response typed as the document says). A request is accepted\n\
         when Prism answers 2xx without an objection to it. \"Prism's answer broken\": accepted\n\
         requests whose answer Prism itself made so that it fails the document (a value it\n\
         generated misses a `pattern` or `format`, and it says so), or that it could not make\n\
         at all (an event stream of objects: `NO_COMPLEX_OBJECT_TEXT`), counted apart;\n\
         \"answers decoded\" is of the others.\n\
         \n\
         \"Prism misread\": requests Prism 5.14 refused only for what it misreads, counted apart\n\
         (\"accepted\" is of the others): it keeps the last value of a form field or a multipart\n\
         part given twice (`a=1&a=2` is `a=2`), so a list in a form or a multipart body is \"must\n\
         be array\" though OpenAPI's default (`style: form`, `explode: true`) sends a list so; and\n\
         it reads every multipart part as text, so a JSON part (RFC 7578, OpenAPI's default for an\n\
         object) is \"must be object\" (and, for a union that also allows `null`, \"must be\n\
         null\" and \"must match exactly one schema\"). Where a\n\
         document's own example breaks its schema (Box's `UserCollaborations`, which it gives as\n\
         a list), the answer Prism makes from it does not decode, and is counted so.\n",
    );
    for c in all {
        let _ = writeln!(out, "\n## {}\n", c.name);
        if let Some(why) = c.not_live {
            let _ = writeln!(out, "Not run live: {why}.\n");
        }
        if c.without_example > 0 {
            let _ = writeln!(
                out,
                "{} operation(s) have no example (a required value the import cannot make: a tagged union in the body), so no request.\n",
                c.without_example
            );
        }
        if !c.misses.is_empty() {
            out.push_str("Misses of the live run, by reason:\n\n| count | reason |\n|---|---|\n");
            let mut misses: Vec<_> = c.misses.iter().collect();
            misses.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (why, n) in misses {
                let _ = writeln!(out, "| {n} | {} |", why.replace('|', "\\|"));
            }
            out.push('\n');
        }
        out.push_str(
            "What the import did not convert, by reason:\n\n| count | reason |\n|---|---|\n",
        );
        let mut problems: Vec<_> = c.problems.iter().collect();
        problems.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (why, n) in problems {
            let _ = writeln!(out, "| {n} | {} |", why.replace('|', "\\|"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_below_the_report_s_is_a_regression_and_one_above_is_not() {
        let mut spotify = Counts {
            name: "spotify".to_owned(),
            file: "spotify.yaml".to_owned(),
            operations: 97,
            imported: 97,
            typed: 97,
            whole: 96,
            sent: 168,
            accepted: 168,
            decoded: 168,
            ..Counts::default()
        };
        let report = report_text(std::slice::from_ref(&spotify));
        assert_eq!(
            regressions(&report, std::slice::from_ref(&spotify)),
            Vec::<String>::new()
        );
        spotify.decoded = 170;
        assert_eq!(
            regressions(&report, std::slice::from_ref(&spotify)),
            Vec::<String>::new()
        );
        spotify.decoded = 160;
        spotify.typed = 90;
        assert_eq!(
            regressions(&report, std::slice::from_ref(&spotify)),
            [
                "spotify: 90 typed operations, the report has 97",
                "spotify: 160 answers decoded, the report has 168"
            ]
        );
        // A document not run live is held to its import only.
        let stripe = Counts {
            name: "stripe".to_owned(),
            file: "stripe.json".to_owned(),
            imported: 452,
            typed: 452,
            not_live: Some("slow"),
            ..Counts::default()
        };
        let report = report_text(std::slice::from_ref(&stripe));
        assert_eq!(
            regressions(&report, std::slice::from_ref(&stripe)),
            Vec::<String>::new()
        );
    }
}
