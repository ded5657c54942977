//! `privsite schema`.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use crate::error::Error;

/// Write JSON Schemas of the source files, for editor completion and checks.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  privsite schema                 Write schemas/ in the current project
  privsite schema --out .vscode   Write them somewhere else

Editors that speak the YAML language server protocol (VS Code with the YAML
extension, IntelliJ, Neovim, ...) use a schema named on a file's first line:
  # yaml-language-server: $schema=../../../schemas/version.schema.json")]
pub(super) struct SchemaArgs {
    /// The folder to write the schemas to.
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    out: PathBuf,
}

pub(super) fn run(args: SchemaArgs) -> Result<(), Failure> {
    for (name, text) in crate::schema::all() {
        let path = args.out.join(name);
        std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        eprintln!("Wrote {}", path.display());
    }
    Ok(())
}
