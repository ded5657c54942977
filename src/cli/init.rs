//! `privsite init`.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Failure;
use crate::error::Error;

/// Start a new project: one policy, one version, one translation.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite init                  Start a project in the current folder
  privsite init legal-site       Start one in a new folder

The new project builds at once (`privsite build`), and its YAML files name a JSON
Schema on their first line so editors offer completion and flag mistakes.")]
pub(super) struct InitArgs {
    /// The folder to create the project in.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

/// The starter files, relative to the project folder.
const FILES: &[(&str, &str)] = &[
    ("policies/site.yaml", include_str!("init/site.yaml")),
    (
        "policies/privacy/policy.yaml",
        include_str!("init/policy.yaml"),
    ),
    (
        "policies/privacy/2025-01/en.yaml",
        include_str!("init/en.yaml"),
    ),
    (
        "policies/privacy/2025-01/fr.yaml",
        include_str!("init/fr.yaml"),
    ),
];

pub(super) fn run(args: InitArgs) -> Result<(), Failure> {
    let dir = &args.dir;
    if dir.join("policies").exists() {
        return Err(Failure::Run(Error::Output(format!(
            "{} already has a policies/ folder; privsite init never overwrites files",
            dir.display()
        ))));
    }
    for (path, text) in FILES {
        write(&dir.join(path), text)?;
    }
    for (name, text) in crate::schema::all() {
        write(&dir.join("schemas").join(name), &text)?;
    }
    write(&dir.join(".gitignore"), "/site\n").or_else(|e| {
        if dir.join(".gitignore").exists() {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    let shown = dir.display();
    eprintln!("Created a new privsite project in {shown}:");
    for (path, _) in FILES {
        eprintln!("  {path}");
    }
    eprintln!("  schemas/ (JSON Schemas for your editor)");
    eprintln!("\nNext: cd {shown} && privsite build, then open site/index.html");
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), Failure> {
    if path.exists() {
        return Err(Failure::Run(Error::Output(format!(
            "{} already exists; privsite init never overwrites files",
            path.display()
        ))));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Failure::Run(Error::io(path, e)))
}
