//! The command line: clap definitions and one module per subcommand. Orchestration only.

mod completions;
mod explain;
mod export;
mod graph;
mod import;
mod init;
mod lint;
mod man;
mod model;
mod report;
mod roadmap;
mod rules;
mod schema;
mod scorecard;
mod snapshot;
mod sourcing;
mod suggest;
mod write;

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::{Parser, Subcommand, ValueEnum};

pub use lint::LintArgs;

/// How a run ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failure level.
    Clean,
    /// Findings at or above the failure level.
    Findings,
    /// The tool could not do its job: bad arguments, unreadable input, a broken model.
    Failure,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Failure => 2,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "xgea",
    version,
    long_version = long_version(),
    about = "Lint departments' IT-system descriptors against the cross-government enterprise architecture reference model",
    after_help = "Examples:\n  xgea lint examples/estate        lint an estate against the built-in model\n  xgea rules                       list every rule\n  xgea explain XG101               explain one rule"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output to stdout: `auto` colours a terminal unless `NO_COLOR` is set.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check descriptors against the reference model and report findings with their file:line:col.
    #[command(
        after_help = "Examples:\n  xgea lint examples/estate\n  xgea lint dwp/ hmrc/ --model model/1.0.0\n  xgea lint . --fail-on warning\n  xgea lint . --format sarif --output xgea.sarif\n  xgea lint . --select XG2 --ignore XG203 --statistics\n  xgea lint . --write-baseline xgea-baseline.json   then   xgea lint . --baseline xgea-baseline.json\n\nSettings come from the nearest xgea.toml (or --config FILE); flags beat the file.\nExit codes: 0 no finding at or above the failure level, 1 findings, 2 the tool could not do its job."
    )]
    Lint(LintArgs),
    /// List every rule: code, name, default severity and what it finds.
    #[command(
        after_help = "Examples:\n  xgea rules\n  xgea rules --format markdown   (the table in the README)\n  xgea rules --format json"
    )]
    Rules(rules::RulesArgs),
    /// Scaffold a department repository: xgea.toml pinned to the current model, the department's descriptor, an
    /// example system, a CI workflow. Never overwrites a file.
    #[command(
        after_help = "Examples:\n  xgea init   (asks for the department's id, name and sector)\n  xgea init hmrc-architecture --id hmrc --name \"HM Revenue & Customs\" --sector SEC-07\n\nWithout a terminal a missing flag is not asked for: it takes the old default (--id example --name\n\"Example Department\" --sector SEC-09), with a note on stderr.\nExit 0, or 2 if a file it would write already exists or a value is invalid (nothing is written)."
    )]
    Init(init::InitArgs),
    /// Print the full documentation of one rule, by code or name.
    #[command(after_help = "Examples:\n  xgea explain XG101\n  xgea explain unknown-capability")]
    Explain {
        /// A rule code (`XG101`) or name (`unknown-capability`).
        rule: String,
    },
    /// Export the estate graph (departments, systems, capabilities, standards, infrastructure, data).
    #[command(
        after_help = "Examples:\n  xgea graph examples/estate > estate.dot && dot -Tsvg estate.dot > estate.svg\n  xgea graph examples/minimal --format mermaid\n  xgea graph . --format json | jq '.nodes | length'\n\nNodes and edges are sorted, so exports diff well. Exit 0, or 2 if the estate cannot be read."
    )]
    Graph(graph::GraphArgs),
    /// The reference model's life: check, diff, publish, list, show, impact.
    #[command(
        after_help = "Examples:\n  xgea model check model/2.0.0\n  xgea model diff 1.0.0 2.0.0 --format markdown\n  xgea model publish model/2.1.0 --version 2.1.0\n  xgea model impact --model model/2.1.0 examples/estate\n  xgea model list\n  xgea model show MSG-SOAP"
    )]
    Model {
        #[command(subcommand)]
        command: model::ModelCommand,
    },
    /// Print the editor JSON Schema of a model release (ids completed and validated as you type).
    #[command(
        after_help = "Examples:\n  xgea schema > .xgea/schemas/2.1.0/system.schema.json\n  xgea schema --version 1.0.0 --kind department\n\nThen, in a descriptor: # yaml-language-server: $schema=.xgea/schemas/2.1.0/system.schema.json\n(a path relative to the descriptor; `xgea init` writes both files for you)"
    )]
    Schema(schema::SchemaArgs),
    /// Write the whole estate as one canonical snapshot file, which departments lint against (`lint --estate`);
    /// or compare two snapshots (`snapshot diff`).
    #[command(
        after_help = "Examples:\n  xgea snapshot examples/estate --out estate.snapshot.json\n  xgea lint dwp/ --estate estate.snapshot.json\n  xgea snapshot diff last-week.snapshot.json estate.snapshot.json --format markdown\n\nThe snapshot is sorted, holds no source text, records the model release (version and sha256) it was\nchecked against and a sha256 of its content: the same estate gives the same bytes, and an edited snapshot\nis refused. Exit 0, or 2 if the estate or a snapshot cannot be read."
    )]
    Snapshot(snapshot::SnapshotArgs),
    /// Rank shared-service and common-infrastructure candidates, with evidence and an estimated saving range.
    #[command(
        after_help = "Examples:\n  xgea roadmap examples/estate\n  xgea roadmap examples/estate --format csv > roadmap.csv\n  xgea roadmap . --group-by sector --savings savings.toml\n\nScore = departments × log2(2 + £m addressed). Savings = addressed cost × a rate range per capability family\n(defaults: corporate 30–40% from the TfL, NHS SBS and MoD shared-service results). Exit 0, or 2 if the\nestate cannot be read."
    )]
    Roadmap(roadmap::RoadmapArgs),
    /// The forward look of sourcing: contract expiries, joint-procurement windows across departments, supplier
    /// shares and concentration, and what could be re-competed.
    #[command(
        after_help = "Examples:\n  xgea sourcing examples/estate\n  xgea sourcing . --format csv > contracts.csv\n  xgea sourcing . --horizon 24 --window 12 --format json\n\nRead from the systems' `sourcing` blocks and the departments' `suppliers` lists (see `xgea explain XG805`).\nXGEA_TODAY=YYYY-MM-DD fixes the day the look starts from. Exit 0, or 2 if the estate cannot be read."
    )]
    Sourcing(sourcing::SourcingArgs),
    /// Write a static, self-contained website of the estate, its findings, the roadmap and the model.
    #[command(
        after_help = "Examples:\n  xgea report examples/estate --out site/\n  xgea report . --out public/ --force\n\nThe site needs no network and works from file://. Exit 0, or 2 if the estate cannot be read or DIR is\nnot empty (use --force to overwrite)."
    )]
    Report(report::ReportArgs),
    /// Score each department: compliance, open-standards and common-component adoption, and the deprecated
    /// standards it still uses, with their sunset dates.
    #[command(
        after_help = "Examples:\n  xgea scorecard examples/estate\n  xgea scorecard examples/estate --format csv > scorecards.csv\n  xgea scorecard dwp/ --estate estate.snapshot.json --format md\n\nCompliance = systems with no error finding / systems (retired ones left out). Open standards = interfaces\nwhose every standard is open / interfaces. Common components = infrastructure on a common component /\ninfrastructure of kinds a live common component serves. Exit 0, or 2 if the estate cannot be read."
    )]
    Scorecard(scorecard::ScorecardArgs),
    /// Draft descriptors from an existing inventory: a Backstage catalogue, a spreadsheet, a CALM architecture
    /// or an ArchiMate exchange file. Incomplete is fine: `xgea lint` on the output is the to-do list.
    #[command(
        after_help = "Examples:\n  xgea import backstage catalog-info.yaml --out imported/ --department dwp\n\nEvery importer takes --out DIR, --department ID and/or --owner-map FILE, and --force; importing the same\ninput again gives byte-identical files, and a file edited since the last import is never replaced without\n--force. Each ends with a summary: mapped, guessed, skipped, and the problems found, located."
    )]
    Import {
        #[command(subcommand)]
        command: import::ImportCommand,
    },
    /// Export the estate in another tool's format: an ArchiMate Model Exchange File.
    #[command(after_help = "Examples:\n  xgea export archimate examples/estate --out estate.xml")]
    Export {
        #[command(subcommand)]
        command: export::ExportCommand,
    },
    /// Suggest capabilities for systems that list none (and standards for interfaces that list none), ranked
    /// by how well the model's names, descriptions and keywords match the system's.
    #[command(
        after_help = "Examples:\n  xgea suggest imported/\n  xgea suggest . --all --limit 5\n\nThe ranking matches words (BM25), not meaning: a starting point for the architect. Exit 0, or 2 if\nthe estate cannot be read."
    )]
    Suggest(suggest::SuggestArgs),
    /// Print a shell completion script for xgea's commands, flags and values.
    #[command(
        after_help = "Examples:\n  xgea completions bash > ~/.local/share/bash-completion/completions/xgea\n  xgea completions zsh > ~/.zfunc/_xgea        (with fpath+=(~/.zfunc) before compinit)\n  xgea completions fish > ~/.config/fish/completions/xgea.fish\n  xgea completions powershell >> $PROFILE\n  xgea completions elvish >> ~/.config/elvish/rc.elv"
    )]
    Completions(completions::CompletionsArgs),
    /// Print xgea's man page, or one command's (roff).
    #[command(
        after_help = "Examples:\n  xgea man | man -l -\n  xgea man > ~/.local/share/man/man1/xgea.1\n  xgea man lint > ~/.local/share/man/man1/xgea-lint.1\n  xgea man model diff | man -l -"
    )]
    Man(man::ManArgs),
}

/// `xgea --version`: the crate version, the commit it was built from (when built from a git checkout) and the
/// model releases built in, as `xgea model list` reads them.
fn long_version() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = env!("CARGO_PKG_VERSION").to_string();
        if let Some(commit) = option_env!("XGEA_GIT_COMMIT") {
            text.push_str(&format!("\ncommit: {commit}"));
        }
        let releases = match crate::model::release::ReleaseStore::Embedded.index() {
            Ok(index) => index.releases.iter().map(|e| e.version.as_str()).collect::<Vec<_>>().join(", "),
            Err(error) => format!("unreadable ({error})"),
        };
        text.push_str(&format!("\nmodel releases: {releases} (default {})", crate::model::EMBEDDED_VERSION));
        text
    })
}

/// Where the model comes from, shared by the commands that read one.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// A model directory (or one file of model documents) instead of the built-in latest release.
    #[arg(long, value_name = "DIR|FILE")]
    pub model: Option<PathBuf>,
    /// A published model release to check against (`xgea model list`), instead of the latest.
    #[arg(long, value_name = "X.Y.Z", conflicts_with = "model", value_parser = semantic_version)]
    pub model_version: Option<String>,
    /// A published releases directory (index.json and release files, e.g. downloaded from the council) that
    /// `--model-version` is looked up in before the releases built into xgea [default: `[model] releases` in
    /// xgea.toml].
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,
    /// Read a `--model` release file that no index beside it and no built-in release vouches for (with a
    /// warning that it is unverified).
    #[arg(long, requires = "model")]
    pub allow_unverified_model: bool,
}

impl ModelArgs {
    pub fn source(&self) -> crate::model::ModelSource {
        use crate::model::ModelSource;
        match (&self.model, &self.model_version) {
            (Some(p), _) if self.allow_unverified_model => ModelSource::Unverified(p.clone()),
            (Some(p), _) => ModelSource::Path(p.clone()),
            (None, Some(v)) => match &self.releases {
                Some(dir) => ModelSource::Published { releases: dir.clone(), version: v.clone() },
                None => ModelSource::Release(v.clone()),
            },
            (None, None) => ModelSource::Embedded,
        }
    }
}

/// A semantic version; whether it is published is checked where the releases are known.
fn semantic_version(version: &str) -> Result<String, String> {
    crate::model::release::parse_version(version).map(|_| version.to_string())
}

/// Standard output as the commands write it, remembering whether the reader went away (`xgea … | head -1`).
struct Stdout<W> {
    inner: W,
    closed: bool,
}

impl<W: std::io::Write> Stdout<W> {
    fn note<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
        result
    }
}

impl<W: std::io::Write> std::io::Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

/// Runs one command and reports how it ended.
///
/// When whoever reads standard output stops reading (a closed pipe), the command ends quietly with exit 0, as
/// ripgrep and other line-oriented tools do: the reader asked for no more.
pub fn run(cli: Cli) -> Outcome {
    use std::io::{IsTerminal, Write};
    let color = cli.color.enabled();
    // Line by line to a terminal; in 64 KiB blocks to a pipe or file (a line-buffered stdout costs a system
    // call per finding: 70,000 of them for a large estate).
    let inner: Box<dyn Write> = if std::io::stdout().is_terminal() {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))
    };
    let mut stdout = Stdout { inner, closed: false };
    let result = match cli.command {
        Command::Lint(args) => lint::run(&args, color, &mut stdout),
        Command::Rules(args) => rules::run(&args, &mut stdout),
        Command::Init(args) => init::run(&args, &mut stdout),
        Command::Explain { rule } => explain::run(&rule, &mut stdout),
        Command::Graph(args) => graph::run(&args, color, &mut stdout),
        Command::Model { command } => model::run(&command, color, &mut stdout),
        Command::Schema(args) => schema::run(&args, &mut stdout),
        Command::Roadmap(args) => roadmap::run(&args, color, &mut stdout),
        Command::Sourcing(args) => sourcing::run(&args, color, &mut stdout),
        Command::Snapshot(args) => snapshot::run(&args, color, &mut stdout),
        Command::Report(args) => report::run(&args, color, &mut stdout),
        Command::Scorecard(args) => scorecard::run(&args, color, &mut stdout),
        Command::Import { command } => import::run(&command, &mut stdout),
        Command::Export { command } => export::run(&command, color, &mut stdout),
        Command::Suggest(args) => suggest::run(&args, color, &mut stdout),
        Command::Completions(args) => completions::run(&args, &mut stdout),
        Command::Man(args) => man::run(&args, &mut stdout),
    };
    let flushed = stdout.flush();
    if stdout.closed {
        return Outcome::Clean;
    }
    match (result, flushed) {
        (Ok(outcome), Ok(())) => outcome,
        (Ok(_), Err(e)) => {
            crate::output::human::print_error(&miette::miette!("cannot write output: {e}"), color);
            Outcome::Failure
        }
        (Err(error), _) => {
            crate::output::human::print_error(&error, color);
            Outcome::Failure
        }
    }
}

/// The URL where bugs are reported.
pub const ISSUES_URL: &str = "https://github.com/xgea-dev/xgea/issues";

/// Exit code of a run that ended in a panic (a bug in xgea), as Rust's own default.
pub const PANIC_EXIT: u8 = 101;

/// Replaces the default panic output (and any backtrace) with one short bug-report message on stderr: the
/// version, where to report it, the panic's message and its place in xgea's source.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        let place =
            info.location().map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        let message = crate::output::sanitize::line(&message);
        let text = format!(
            "xgea {}: internal error (this is a bug in xgea): {message}{place}\n\
             please report it at {ISSUES_URL} with the command you ran and, if you can, the input\n",
            env!("CARGO_PKG_VERSION")
        );
        let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
    }));
}
