//! Tests of reading a project into memory.
