//! privsite turns privacy policies written as structured YAML into a
//! localized static website.
//!
//! The data flows through the modules in this order (see `ARCHITECTURE.md`):
//!
//! ```text
//! source (files in memory, YAML) -> model (typed, validated) -> diff
//!     -> render (Tera views) -> outputs (jobs -> artifacts) -> write (staged, atomic)
//! ```
//!
//! [`build::build`] runs one build; [`pipeline::Project`] gives access to the
//! stages for tools and tests, and [`pipeline::Pipeline`] rebuilds only what
//! an edit touched (`watch`, the preview server).

pub mod artifact;
pub mod build;
pub mod checks;
pub mod cli;
pub mod deliver;
pub mod diagnostics;
pub mod diff;
pub mod error;
pub mod fingerprint;
pub mod i18n;
pub mod import;
pub mod markdown;
pub mod memo;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod serve;
pub mod source;
pub mod today;
pub mod watch;
pub mod write;
pub mod xliff;

pub use build::{BuildOptions, BuildReport, Project, build, check};
pub use diagnostics::{Diagnostic, Origin, Pos, Severity};
pub use error::{Error, Result};
