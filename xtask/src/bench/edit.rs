//! `cargo xtask bench --edit`: the maintainer's loop (generate, edit one operation,
//! regenerate, check), measured the way the rest of the bench measures.

use std::fmt::Write as _;
use std::fs;
use std::process::{Command, ExitCode};

use super::{measure_alone, median, printed, release_xtask, run_ok, write_crate};

/// `cargo xtask bench --edit [--per-part P] [N]`: what a maintainer waits for at N operations, each the median
/// of three (`/usr/bin/time`, release xtask, in `target/bench/edit-N`):
///
/// - generation into an empty folder (the generated folders and the format cache removed,
///   `sync` before each);
/// - generation over its own output, without the format cache;
/// - the same again with it (nothing changed);
/// - a one-operation edit (an optional body field added to one request model) and its
///   regeneration, then the incremental `cargo check` after it (incremental on, as a
///   maintainer has it); the edit is undone and regenerated between runs.
pub fn edit_loop(args: &[&str]) -> ExitCode {
    let usage = "bench --edit takes how many operations a part of a split API holds and a number of operations, e.g. `cargo xtask bench --edit --per-part 125 2000`";
    let (per_part, rest) = match args {
        ["--per-part", k, rest @ ..] => (k.parse::<usize>().ok().filter(|&k| k > 0), rest),
        _ => (Some(apigen::split::OPERATIONS_PER_PART), args),
    };
    let n = match rest {
        [] => Some(2000),
        [n] => n.parse::<usize>().ok().filter(|&n| n > 0),
        _ => None,
    };
    let (Some(per_part), Some(n)) = (per_part, n) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    printed(edit_costs(n, per_part))
}

fn edit_costs(n: usize, per_part: usize) -> Result<String, String> {
    let root = crate::targets::workspace_root();
    let root = root.canonicalize().unwrap_or(root);
    let bench_dir = root.join("target/bench");
    let xtask = release_xtask(&root)?;
    let dir = bench_dir.join(format!("edit-{n}-{per_part}"));
    let text = crate::synth::spec(n);
    let spec = dir.join("spec/synth.yaml");
    fs::create_dir_all(spec.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
    fs::write(&spec, &text).map_err(|e| e.to_string())?;
    write_crate(
        &root,
        &dir,
        &format!("edit{n}"),
        "#[rustfmt::skip]\nmod api;\npub use api::*;\n",
        false,
    )?;
    // The middle operation's request model gets one more optional field.
    let model = format!("  Request{}:\n    fields:\n", n / 2);
    if !text.contains(&model) {
        return Err(format!("the synthetic spec has no `{}`", model.trim()));
    }
    let edited = text.replacen(&model, &format!("{model}      dryRun: boolean?\n"), 1);
    // Run where the crate is, so the format cache is its own (`target/apigen/` there).
    let generate = || {
        let mut command = Command::new(&xtask);
        command
            .args(["generate", "spec/synth.yaml", "src"])
            .arg(apigen::split::OPERATIONS_PER_CRATE.to_string())
            .arg(per_part.to_string())
            .current_dir(&dir);
        measure_alone(&mut command)
    };
    let cache = dir.join("target/apigen/format-cache");
    let forget = || {
        let _ = fs::remove_file(&cache);
    };
    let empty = median(3, || {
        forget();
        for generated in [dir.join("src/api"), dir.join(apigen::render::CRATES_DIR)] {
            if generated.exists() {
                fs::remove_dir_all(&generated).map_err(|e| e.to_string())?;
            }
        }
        run_ok(&mut Command::new("sync"))?;
        generate()
    })?;
    let over = median(3, || {
        forget();
        generate()
    })?;
    let cached = median(3, &generate)?;
    let shared_target = bench_dir.join("target");
    let check = || {
        let mut command = Command::new("cargo");
        command
            .args(["check", "--quiet", "--offline"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &shared_target)
            .env("CARGO_INCREMENTAL", "1");
        command
    };
    eprintln!("N = {n}: the first check…");
    run_ok(&mut check())?;
    let mut edits = Vec::new();
    let mut checks = Vec::new();
    for _ in 0..3 {
        fs::write(&spec, &edited).map_err(|e| e.to_string())?;
        edits.push(generate()?);
        checks.push(measure_alone(&mut check())?);
        // Back as it was, checked again, so the next run measures the same edit.
        fs::write(&spec, &text).map_err(|e| e.to_string())?;
        generate()?;
        run_ok(&mut check())?;
    }
    let edit = median(3, {
        let mut edits = edits.into_iter();
        move || edits.next().ok_or_else(|| "no run".to_owned())
    })?;
    let checked = median(3, {
        let mut checks = checks.into_iter();
        move || checks.next().ok_or_else(|| "no run".to_owned())
    })?;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "| N, per part | into an empty folder | over its own output | nothing changed (format cache) | one-op edit: regenerate | its incremental `cargo check` | end to end |"
    );
    let _ = writeln!(report, "|---|---|---|---|---|---|---|");
    let _ = writeln!(
        report,
        "| {n}, {per_part} | {} | {} | {} | {} | {} | {:.2} s |",
        empty.show(),
        over.show(),
        cached.show(),
        edit.show(),
        checked.show(),
        edit.seconds + checked.seconds
    );
    Ok(report)
}
