//! The integration suite: one binary, one module per capability. Each test
//! builds a small project with [`support::Project`], runs the real `privsite`
//! binary on it, and asserts on the files and messages it produced.
//! See `tests/README.md` for how to add a case.

mod support;

mod aliases;
mod announce;
mod build_layout;
mod changes;
mod cli;
mod corpus;
mod dates;
mod determinism;
mod diagnostics;
mod errors;
mod examples;
mod hostile;
mod import;
mod localization;
mod meaning;
mod notices;
mod output;
mod redline;
mod robust;
mod serve;
mod snapshots;
mod strings;
mod themes;
mod timeline;
mod today;
mod watch;
mod xliff;
