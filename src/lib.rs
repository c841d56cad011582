//! Tribune: the backend of a moderated convention discussion.
//!
//! The layers, outermost first:
//! - [`cli`]: the `tribune` command (serve, migrate, user, demo, doctor: [`doctor`] holds its checks;
//!   backup, restore, copy: [`backup`] holds the archive).
//! - [`http`]: routes, extractors, templates; JSON under `/api/v1`, HTML pages elsewhere.
//! - [`domain`]: valid-by-construction types, the policy, the workflow rules and the operations.
//! - [`storage`]: schema, migrations, the connection to SQLite or Postgres, and the queries.
//!
//! [`documents`] turns uploaded documents (.docx, .odt, .md, .txt) into the Markdown an essay is.
//! [`search`] is what search understands of a text (stems, folded accents, phrases), the same on
//! both backends. [`i18n`] holds the interface's words in English and Spanish. [`email`] owns the outbox, its delivery worker and the messages. [`app`] wires the services
//! together; [`config`] loads and checks the configuration; [`telemetry`] sets up structured logs.

pub mod app;
pub mod background;
pub mod backup;
pub mod bench_data;
pub mod bench_render;
pub mod bulletin;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod documents;
pub mod domain;
pub mod email;
pub mod http;
pub mod i18n;
pub mod progress;
pub mod search;
pub mod storage;
pub mod telemetry;
