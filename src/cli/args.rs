//! The command line as the user typed it (clap derive). What each command
//! does with it lives in its own file beside this one.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "A graph database of international e-government relations.

Countries, ministries, agencies and people are nodes; MOUs, forums,
seminars, projects and exports are edges, each citing the text that reports
it. With no --db, every command runs on the built-in curated dataset of
Korea's e-government cooperation.";

const EXAMPLES: &str = "Examples:
  egov stats                          what the database holds
  egov show kz                        Kazakhstan, its ties and their sources
  egov search kazak                   find ids by name, alias or misspelling
  egov validate graphs/ --strict      check curated TOML files
  egov init my.egdb --from graphs/    build a database file
  egov --db my.egdb --format json stats";

/// A count flag (`-k`, `--top`, `--samples`): a whole number, at least 1.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.trim().parse::<i128>() {
        Ok(n) if n >= 1 => usize::try_from(n).map_err(|_| format!("{s} is too large")),
        Ok(_) => Err(format!("must be at least 1 (got {s})")),
        Err(_) => Err(format!("must be a whole number, at least 1 (got '{s}')")),
    }
}

/// A hop count (`--depth`): a whole number, at least 1.
fn at_least_one_hop(s: &str) -> Result<u32, String> {
    let n = at_least_one(s)?;
    u32::try_from(n).map_err(|_| format!("{s} hops is too many"))
}

/// `egov`: query and draw the e-government cooperation graph.
#[derive(Debug, Parser)]
#[command(name = "egov", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// Database file to read (default: the built-in curated dataset).
    /// Files of 1 MiB or more are memory-mapped; EGOV_NO_MMAP=1 reads them.
    #[arg(long, global = true, env = "EGOV_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Read commands: see only the facts reported by these source
    /// collections (comma-separated, e.g. `seeds`); the reference tables
    /// (regions, borders, memberships) are always kept. `add source`: the
    /// new source's collection (one name).
    #[arg(long, global = true, value_delimiter = ',', value_name = "NAME")]
    pub collection: Vec<String>,

    /// Print table cells whole. Tables are otherwise fitted to the terminal
    /// (or to COLUMNS, or 100 columns), long cells shortened with "…".
    #[arg(long, global = true)]
    pub wide: bool,

    /// The reference layer laid over the data when it is read (init,
    /// validate, the built-in dataset): builtin (every ISO 3166-1
    /// country's M49 region, land borders and memberships), none, or a
    /// folder of tables laid out like graphs/reference/. Give it before
    /// the command.
    #[arg(long, value_name = "builtin|none|DIR", default_value = "builtin")]
    pub context: String,
    /// Read the graph as it stood on this date (read commands): ties dated
    /// after it and memberships ended by then are left out (undated ties
    /// stay, with a notice). May come before or after the command's name.
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text tables (Markdown style), for people.
    Table,
    /// JSON, for scripts; the shapes are documented in docs/.
    Json,
    /// CSV with a header row, for spreadsheets.
    Csv,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Count nodes, edges and sources, by kind.
    #[command(after_help = "Example:\n  egov stats --format json")]
    Stats,

    /// Show one node: its fields, and its edges grouped by kind with dates and citations.
    #[command(
        after_help = "Examples:\n  egov show kz\n  egov show kr --level all\n  egov show \"Ministry of the Interior\"\n  egov show MOI --format json"
    )]
    Show {
        /// An id, name or alias (case does not matter).
        node: String,
        /// country: a country's ties include its bodies' and people's (with
        /// the body that acted, "via"); org: an organisation's include its
        /// people's; all: the node's own ties only.
        #[arg(long, value_enum, default_value_t = Level::Country)]
        level: Level,
    },

    /// Find nodes by id, name or alias; tolerant of case, accents and small misspellings.
    #[command(
        after_help = "Examples:\n  egov search kazak\n  egov search Kazakstan --format json"
    )]
    Search {
        /// What to look for.
        text: String,
        /// At most this many results.
        #[arg(long, default_value_t = 10, value_parser = at_least_one, allow_negative_numbers = true)]
        limit: usize,
    },

    /// Check data files (TOML, CSV, node-link JSON or GraphML) and report every problem as file:line:col.
    #[command(
        after_help = "Exit code 1 when there are errors (or, with --strict, warnings).\n\nExamples:\n  egov validate\n  egov validate graphs/ --strict\n  egov validate nodes.csv edges.csv"
    )]
    Validate {
        /// Files or folders of .toml, .csv, .json and .graphml files.
        #[arg(default_value = "graphs")]
        paths: Vec<PathBuf>,
        /// Treat warnings (e.g. a cooperation edge without a citation) as errors.
        #[arg(long)]
        strict: bool,
        /// The kind of a node named only in edges (or read without a kind)
        /// that is not a country.
        #[arg(long, default_value = "organization", value_name = "KIND")]
        default_kind: String,
        /// Keep CSV columns that are not fields as attributes without a
        /// warning, even when their name is close to a field's.
        #[arg(long)]
        attributes: bool,
        /// Print every warning and error instead of a summary of each kind.
        #[arg(long)]
        all_warnings: bool,
    },

    /// Build a database file from TOML, CSV, node-link JSON or GraphML data files, or from the built-in dataset.
    #[command(
        after_help = "Nothing is written unless every input is valid; the file is replaced atomically.\n\nExamples:\n  egov init my.egdb                      the built-in dataset\n  egov init my.egdb --from graphs/\n  egov init --from nodes.csv edges.csv my.egdb"
    )]
    Init {
        /// The database file to create (before or after --from; a last
        /// --from path ending in .egdb is taken as it).
        db: Option<PathBuf>,
        /// Files or folders of .toml, .csv, .json and .graphml files; none:
        /// the built-in dataset.
        #[arg(long, num_args = 1..)]
        from: Vec<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// The kind of a node named only in edges (or read without a kind)
        /// that is not a country.
        #[arg(long, default_value = "organization", value_name = "KIND")]
        default_kind: String,
        /// Keep CSV columns that are not fields as attributes without a
        /// warning, even when their name is close to a field's.
        #[arg(long)]
        attributes: bool,
        /// Print every warning and error instead of a summary of each kind.
        #[arg(long)]
        all_warnings: bool,
    },

    /// Shortest cooperation path between two actors, each hop explained by its sources.
    #[command(
        after_help = "Exit code 1 when there is no path.\n\nExamples:\n  egov path fr uz --explain\n  egov path France Uzbekistan -k 3\n  egov path fr uz --all --level all\n  egov path kr by --weighted --since 2016 --format json"
    )]
    Path(PathArgs),

    /// Rank nodes by centrality (NetworkX definitions and normalisation).
    #[command(
        after_help = "Values match NetworkX's degree_centrality, betweenness_centrality (normalized),\ncloseness_centrality (Wasserman-Faust), eigenvector_centrality and pagerank (alpha 0.85)\non the view as a simple undirected graph.\n\nExamples:\n  egov hubs --metric all\n  egov hubs --metric betweenness --top 5 --no-context\n  egov hubs --metric pagerank --weighted --format json"
    )]
    Hubs(HubsArgs),

    /// Gould-Fernandez brokerage roles of every node against a partition (R sna's definitions).
    #[command(
        after_help = "A node brokers i -> v -> j when there is no tie i -> j; its role comes from the\nthree groups: coordinator A-A-A, itinerant A-B-A, representative A-A-B,\ngatekeeper A-B-B, liaison A-B-C. z-scores use sna's null model (see docs/analysis.md).\n\nExamples:\n  egov brokerage --no-context\n  egov brokerage --by membership --top 10\n  egov brokerage --by group --directed --format json"
    )]
    Brokerage(BrokerageArgs),

    /// Which partner countries carry a source's ties into a region.
    #[command(
        after_help = "A spreader is a country with a realised, cited cooperation tie with the source that\nbelongs to the region at the time of the tie. score = tie strength x coverage, where\ncoverage is the share of the region reached through it (itself 1, a member it cooperates\nwith 1, one it only borders or shares a membership with 0.25). Partners outside the\nregion that link the source to it are listed apart as brokers. See docs/analysis.md.\n\nExamples:\n  egov spreaders --from kr\n  egov spreaders --from kr --region \"Central Asia\" --explain\n  egov spreaders --from kr --no-context --sort score\n  egov spreaders --from kr --region CIS --format json"
    )]
    Spreaders(SpreadersArgs),

    /// Communities: groups more tied among themselves than to the rest (Louvain or label propagation), with their modularity.
    #[command(
        after_help = "Weighted by tie strength (see docs/analysis.md); the same seed gives the same groups.\n\nExamples:\n  egov communities\n  egov communities --no-context --resolution 1.5\n  egov communities --method label --level org --format json"
    )]
    Communities(CommunitiesArgs),

    /// The ego network: every node within --depth hops, and the edges among them.
    #[command(
        after_help = "Examples:\n  egov neighbors kz\n  egov neighbors kz --depth 2 --no-context\n  egov neighbors kr-moi --level all --format json"
    )]
    Neighbors(NeighborsArgs),

    /// Events in date order (partial dates sorted sensibly), each with its citation.
    #[command(
        after_help = "Context edges (borders, memberships) are left out unless asked for with --kinds.\n\nExamples:\n  egov timeline\n  egov timeline kz --since 2016\n  egov timeline --kinds mou,loi --format csv"
    )]
    Timeline(TimelineArgs),

    /// Write the graph in another format: dot (a styled diagram), csv (Gephi tables), json (NetworkX node-link), graphml, gexf (Gephi, with a timeline) or neo4j.
    #[command(
        after_help = "dot, json, graphml and gexf go to stdout unless -o names a file; csv and neo4j write several files into the folder -o names. The data formats carry the whole graph, every attribute and citation; the diagram flags (--ego, --path, --level, ...) apply to dot only. See docs/diagrams.md and docs/interchange.md.\n\nExamples:\n  egov export dot -o korea.dot\n  egov export dot --ego kz --level country\n  egov export json -o egov.json\n  egov export graphml > egov.graphml\n  egov export csv -o gephi/\n  egov export neo4j -o neo4j-import/"
    )]
    Export(ExportArgs),

    /// Ask the graph in openCypher: MATCH ... WHERE ... RETURN ...
    #[command(
        after_help = "Labels are node kinds (Country, Ministry, Agency, Organization, Person) and Source; relationship types are edge kinds in upper case (MOU, EXPORT, MEMBER_OF, ...); symmetric kinds match either direction. A relationship in a table shows its citations. Writing clauses run only on --scratch. See docs/query.md.\n\nExamples:\n  egov query 'MATCH (k:Country {id: \"kr\"})-[r:MOU]-(c:Country) RETURN c.name, r.date ORDER BY r.date'\n  egov query 'MATCH (c:Country) WHERE c.region = $r RETURN c.id' --param r='\"Central Asia\"'\n  egov query -f questions.cypher --format json\n  egov query --scratch 'CREATE (a:X)-[:T]->(b:X) RETURN a, b'"
    )]
    Query(QueryArgs),

    /// An interactive openCypher prompt: statements end at `;`, :help lists the commands.
    #[command(
        after_help = "At a terminal it keeps a history in ~/.egov_history and reads statements over several lines until one ends with ';'. Commands: :help, :schema (labels, types and their properties), :format table|json|csv, :param name=value, :quit. When stdin is not a terminal it runs the statements it reads and exits 1 if any failed. See docs/query.md.\n\nExamples:\n  egov shell\n  egov shell --scratch\n  echo 'MATCH (c:Country) RETURN count(c);' | egov shell"
    )]
    Shell(ShellArgs),

    /// Draw the graph (or a part of it) as a picture: SVG, PNG or PDF.
    #[command(
        after_help = "Uses Graphviz `dot` when it is installed; otherwise SVG through a built-in renderer (small graphs, no boxes). See docs/diagrams.md.\n\nExamples:\n  egov render -o korea.svg\n  egov render --ego kz -o kz.svg\n  egov render --path fr uz -o path.png\n  egov render --ego kr --level country --renderer builtin -o kr.svg"
    )]
    Render(RenderArgs),

    /// Add a node, an edge or a source to the --db database (one transaction).
    #[command(
        subcommand,
        after_help = "Every write locks the database, checks the result with the rules of 'egov validate' and replaces the file atomically; a refused write leaves it unchanged.\n\nExamples:\n  egov --db my.egdb add node uz-mdt --kind ministry --name \"Ministry of Digital Technologies\" --country uz\n  egov --db my.egdb add edge kr uz --kind mou --date 2019-04 --cite kit-2019 --quote \"signed an MOU\"\n  egov --db my.egdb add source kit-2019 --title \"Korea and Uzbekistan sign MOU\" --date 2019-04-18"
    )]
    Add(AddWhat),

    /// Remove a node (or source) from the --db database; refuses to leave edges dangling unless --cascade.
    #[command(
        after_help = "Examples:\n  egov --db my.egdb rm uz-mdt\n  egov --db my.egdb rm uz --cascade --dry-run"
    )]
    Rm(RmArgs),

    /// Change fields of a node or source in the --db database.
    #[command(
        after_help = "Node fields: name, kind, aliases (';'-separated), country, region, note, attr.NAME.\nSource fields: title, publisher, author, date, file, url, note.\nAn empty value clears an optional field.\n\nExamples:\n  egov --db my.egdb set kz name=Kazakhstan \"aliases=Republic of Kazakhstan;Kazakstan\"\n  egov --db my.egdb set kit-2017-04-30 url=https://example.org/a"
    )]
    Set(SetArgs),

    /// Merge TOML, CSV, JSON or GraphML files into the --db database: same id updates, a new id adds.
    #[command(
        after_help = "All files are merged as one transaction: if any record is invalid, nothing is written.\n\nExamples:\n  egov --db my.egdb import new-nodes.csv new-edges.csv --dry-run\n  egov --db my.egdb import graphs/"
    )]
    Import(ImportArgs),

    /// Make a synthetic world graph (for measuring performance): countries,
    /// bodies, people and cooperation ties with hubs; the same seed gives the same graph.
    #[command(
        after_help = "Examples:\n  egov generate --edges 1000000 --seed 1 -o big.egdb\n  egov generate --countries 195 --orgs 20000 --people 20000 --edges 100000 --csv big-csv/"
    )]
    Generate(GenerateArgs),
}

/// Flags every write takes.
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Print the change set without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Fail at once if another egov is writing to the database, instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
}

/// `egov add`.
#[derive(Debug, Clone, Subcommand)]
pub enum AddWhat {
    /// Add a node.
    Node(AddNodeArgs),
    /// Add an edge between two existing nodes.
    Edge(Box<AddEdgeArgs>),
    /// Add a source that citations can name.
    Source(AddSourceArgs),
}

/// `egov add node`.
#[derive(Debug, Clone, Args)]
pub struct AddNodeArgs {
    /// The new node's id (lower-case letters, digits, '-' and '_').
    pub id: String,
    /// country, ministry, agency, organization or person.
    #[arg(long)]
    pub kind: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// The country a ministry, agency or person belongs to: an id, name or alias.
    #[arg(long)]
    pub country: Option<String>,
    /// A country's UN M49 sub-region, e.g. "Central Asia".
    #[arg(long)]
    pub region: Option<String>,
    /// Another name that resolves to the node (repeatable).
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov add edge`.
#[derive(Debug, Clone, Args)]
pub struct AddEdgeArgs {
    /// The node it starts from: an id, name or alias.
    pub from: String,
    /// The node it goes to: an id, name or alias.
    pub to: String,
    /// mou, loi, forum, seminar, conference, project, export, visit,
    /// hub_designation, affiliation, part_of, member_of or borders.
    #[arg(long)]
    pub kind: String,
    /// When it happened: 2016, 2016-11 or 2016-11-05.
    #[arg(long)]
    pub date: Option<String>,
    /// realised (the default) or planned: a planned event is left out of
    /// analyses unless they are given --include-planned.
    #[arg(long)]
    pub status: Option<String>,
    /// The edge's id (default: FROM--TO:KIND:DATE, or FROM--TO:KIND when undated; made unique).
    #[arg(long)]
    pub id: Option<String>,
    /// The end of a span (an affiliation, a membership).
    #[arg(long)]
    pub end_date: Option<String>,
    /// Money involved, in US dollars.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub amount_usd: Option<String>,
    /// Where it happened.
    #[arg(long)]
    pub place: Option<String>,
    /// What was exported or done.
    #[arg(long)]
    pub what: Option<String>,
    /// A person's role (affiliation edges).
    #[arg(long)]
    pub role: Option<String>,
    /// The region named (hub_designation edges).
    #[arg(long)]
    pub region: Option<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    /// A source that reports it: its id, file name or title (repeatable).
    #[arg(long, value_name = "SOURCE")]
    pub cite: Vec<String>,
    /// A short exact quote from the source of the --cite before it.
    #[arg(long, value_name = "TEXT", requires = "cite")]
    pub quote: Vec<String>,
    /// Subjects covered (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "TOPICS")]
    pub topics: Vec<String>,
    /// Present when the edge or a value on it is inferred: the reasoning.
    #[arg(long, value_name = "TEXT")]
    pub derived: Option<String>,
    /// How the date was resolved, e.g. "'last November' in an article dated 2017-04-30".
    #[arg(long, value_name = "TEXT")]
    pub date_note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov add source`.
#[derive(Debug, Clone, Args)]
pub struct AddSourceArgs {
    /// The new source's id.
    pub id: String,
    /// Headline or reference name.
    #[arg(long)]
    pub title: String,
    /// Newspaper, agency or body.
    #[arg(long)]
    pub publisher: Option<String>,
    /// Author, where printed.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date.
    #[arg(long)]
    pub date: Option<String>,
    /// A public address.
    #[arg(long)]
    pub url: Option<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    // Its collection is the global `--collection NAME` (one name), e.g.
    // `egov add source later --title … --collection reports`.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov rm`.
#[derive(Debug, Clone, Args)]
pub struct RmArgs {
    /// The id of the node, source or edge to remove (`egov show NODE` lists
    /// each edge's id).
    pub id: String,
    /// Also remove what depends on it: a node's edges and the nodes whose
    /// country it is; a source's citations.
    #[arg(long)]
    pub cascade: bool,
    /// ID names a source (when a node has the same id).
    #[arg(long)]
    pub source: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov set`.
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// The id of the node, source or edge to change (`egov show NODE` lists
    /// each edge's id).
    pub id: String,
    /// FIELD=VALUE pairs.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
    /// ID names a source (when a node has the same id).
    #[arg(long)]
    pub source: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Files, or folders of .toml, .csv, .json and .graphml files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The kind of a node named only in edges that is not a country.
    #[arg(long, default_value = "organization", value_name = "KIND")]
    pub default_kind: String,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Countries (at most 676).
    #[arg(long, default_value_t = 195)]
    pub countries: usize,
    /// Ministries, agencies and international organizations (default: edges / 10).
    #[arg(long)]
    pub orgs: Option<usize>,
    /// People (default: edges / 10).
    #[arg(long)]
    pub people: Option<usize>,
    /// Edges in all, structural ones included.
    #[arg(long, default_value_t = 100_000)]
    pub edges: usize,
    /// The random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write a database file.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write nodes.csv, edges.csv and sources.csv into this folder.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Replace the database file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `egov path`.
#[derive(Debug, Clone, Args)]
pub struct PathArgs {
    /// Where the path starts: an id, name or alias.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// Every shortest path (at most 100), not just one.
    #[arg(long, conflicts_with = "k")]
    pub all: bool,
    /// The k shortest simple paths (Yen's algorithm).
    #[arg(short, value_name = "N", value_parser = at_least_one, allow_negative_numbers = true)]
    pub k: Option<usize>,
    /// Cost each hop by tie strength: stronger, more recent, cited ties are
    /// cheaper (see docs/analysis.md).
    #[arg(long)]
    pub weighted: bool,
    /// Follow directed kinds (export, project, visit…) only their way.
    #[arg(long)]
    pub directed: bool,
    /// Print every edge behind each hop with its date, quote and source file.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `egov hubs`.
#[derive(Debug, Clone, Args)]
pub struct HubsArgs {
    /// Which measure to compute and sort by.
    #[arg(long, value_enum, default_value_t = Metric::All)]
    pub metric: Metric,
    /// Rank by these measures (comma-separated): the first decides, the
    /// next break its ties; then degree, then name. Default: the --metric
    /// chosen (betweenness for all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "METRICS")]
    pub sort: Vec<Metric>,
    /// Leave out nodes without a tie in the view (the default in tables;
    /// JSON and CSV list them last).
    #[arg(long, conflicts_with = "with_isolated")]
    pub connected: bool,
    /// List nodes without a tie in the view, after the others (the default
    /// in JSON and CSV).
    #[arg(long)]
    pub with_isolated: bool,
    /// Show at most this many nodes.
    #[arg(long, default_value_t = 20, value_parser = at_least_one, allow_negative_numbers = true)]
    pub top: usize,
    /// Use tie strength: as a length for betweenness and closeness (stronger
    /// ties are shorter), as a weight for eigenvector and PageRank.
    #[arg(long)]
    pub weighted: bool,
    /// Estimate betweenness from this many sampled sources (for large
    /// graphs); exact when absent.
    #[arg(long, value_name = "K", value_parser = at_least_one, allow_negative_numbers = true)]
    pub samples: Option<usize>,
    /// Only list nodes of these kinds (e.g. country).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub node_kinds: Vec<String>,
    /// The modules of participation and within_module_z: region,
    /// membership or any node attribute (as `egov brokerage --by`).
    #[arg(long, default_value = "region", value_name = "PARTITION")]
    pub by: String,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// A centrality measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Metric {
    /// The five centralities (degree to pagerank), sorted by betweenness.
    All,
    /// Degree centrality: neighbours / (n - 1).
    Degree,
    /// Betweenness centrality, normalised.
    Betweenness,
    /// Closeness centrality (Wasserman-Faust for disconnected graphs).
    Closeness,
    /// Eigenvector centrality.
    Eigenvector,
    /// PageRank, alpha 0.85.
    Pagerank,
    /// Burt's constraint (NetworkX `constraint`); least constrained first.
    Constraint,
    /// Burt's effective size (NetworkX `effective_size`).
    #[value(name = "effective_size", alias = "effective-size")]
    EffectiveSize,
    /// Participation coefficient over the --by modules (Guimerà-Amaral).
    Participation,
    /// Within-module degree z-score over the --by modules (Guimerà-Amaral).
    #[value(name = "within_module_z", alias = "within-module-z")]
    WithinModuleZ,
}

/// `egov brokerage`.
#[derive(Debug, Clone, Args)]
pub struct BrokerageArgs {
    /// What groups the nodes: region (UN M49 sub-region), membership (the
    /// organisations a country belongs to) or any node attribute (a CSV
    /// column such as group).
    #[arg(long, default_value = "region", value_name = "PARTITION")]
    pub by: String,
    /// Read directed kinds (export, project, visit…) one way only;
    /// otherwise every tie counts both ways.
    #[arg(long)]
    pub directed: bool,
    /// Show at most this many nodes (most brokerage first).
    #[arg(long, default_value_t = 20, value_parser = at_least_one, allow_negative_numbers = true)]
    pub top: usize,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `egov spreaders`.
#[derive(Debug, Clone, Args)]
pub struct SpreadersArgs {
    /// The source country: an id, name or alias.
    #[arg(long)]
    pub from: String,
    /// A UN M49 sub-region ("Central Asia") or an organization whose members
    /// form the region ("CIS"); every region when absent.
    #[arg(long)]
    pub region: Option<String>,
    /// Spreaders per region (default: 5 for one region, 3 for all).
    #[arg(long, value_parser = at_least_one, allow_negative_numbers = true)]
    pub top: Option<usize>,
    /// Order within a region: stated hub designations first (then score),
    /// or by score alone.
    #[arg(long, value_enum, default_value_t = SpreaderSort::Evidence)]
    pub sort: SpreaderSort,
    /// Also list the regions where the source has no partner.
    #[arg(long)]
    pub all_regions: bool,
    /// Under each region, how every score is made: the ties with the
    /// source, the members reached, the whole quotes.
    #[arg(long)]
    pub explain: bool,
    /// The weight of a cooperation hop in the score (0 to 1).
    #[arg(long, value_name = "W", default_value_t = 1.0)]
    pub cooperation_weight: f64,
    /// The weight of a context hop (shared border or membership) in the
    /// score (0 to 1).
    #[arg(long, value_name = "W", default_value_t = 0.25)]
    pub context_weight: f64,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `egov communities`.
#[derive(Debug, Clone, Args)]
pub struct CommunitiesArgs {
    /// How to find them.
    #[arg(long, value_enum, default_value_t = CommunityMethodArg::Louvain)]
    pub method: CommunityMethodArg,
    /// Louvain's resolution: above 1 gives smaller groups, below 1 larger.
    #[arg(long, default_value_t = 1.0, value_name = "R")]
    pub resolution: f64,
    /// The random seed (the order nodes are visited in).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `--method` of `egov communities`. (Leiden is not implemented yet.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommunityMethodArg {
    /// Louvain modularity optimisation (Blondel et al. 2008).
    Louvain,
    /// Asynchronous label propagation (Raghavan et al. 2007).
    Label,
}

/// `egov spreaders --sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpreaderSort {
    /// Stated hubs first, then derived designations, then the rest; by
    /// score within each.
    Evidence,
    /// By score (then tie strength, then id).
    Score,
}

/// `egov neighbors`.
#[derive(Debug, Clone, Args)]
pub struct NeighborsArgs {
    /// The centre: an id, name or alias.
    pub node: String,
    /// How many hops out.
    #[arg(long, default_value_t = 1, value_parser = at_least_one_hop, allow_negative_numbers = true)]
    pub depth: u32,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `egov timeline`.
#[derive(Debug, Clone, Args)]
pub struct TimelineArgs {
    /// Only events involving this node (at the chosen level: `kz` includes
    /// Kazakhstan's ministries and people).
    pub node: Option<String>,
    /// Also list undated edges, after the dated ones.
    #[arg(long)]
    pub undated: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// The view and filters every analysis command takes.
#[derive(Debug, Clone, Args)]
pub struct ViewArgs {
    /// country: bodies and people fold into their country; org: people fold
    /// into their organisation; all: the raw multigraph.
    #[arg(long, value_enum, default_value_t = Level::Country)]
    pub level: Level,
    /// Keep only these edge kinds (comma-separated, e.g. mou,forum,export).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub kinds: Vec<String>,
    /// Leave out these edge kinds.
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub exclude_kinds: Vec<String>,
    /// Keep events that may fall on or after this date (2016, 2016-11, 2016-11-05).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep events that may fall on or before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Leave out context edges (borders, member_of).
    #[arg(long)]
    pub no_context: bool,
    /// Keep planned events (status = "planned"), which are left out by default.
    #[arg(long)]
    pub include_planned: bool,
    /// Keep land borders through an overseas territory (France and Brazil
    /// via French Guiana), which are left out by default.
    #[arg(long)]
    pub overseas_borders: bool,
    /// The global `--as-of` (see [`Cli::as_of`]), copied here after
    /// parsing by [`Cli::as_of_to_view`].
    #[arg(skip)]
    pub as_of: Option<String>,
}

impl Cli {
    /// Hands the global `--as-of` to the command's view flags; an error
    /// naming the flag when the command reads no dated view.
    pub fn as_of_to_view(&mut self) -> Result<(), String> {
        let Some(date) = self.as_of.clone() else {
            return Ok(());
        };
        let view = match &mut self.command {
            Command::Path(a) => &mut a.view,
            Command::Hubs(a) => &mut a.view,
            Command::Brokerage(a) => &mut a.view,
            Command::Spreaders(a) => &mut a.view,
            Command::Communities(a) => &mut a.view,
            Command::Neighbors(a) => &mut a.view,
            Command::Timeline(a) => &mut a.view,
            Command::Export(a) => &mut a.diagram.view,
            Command::Render(a) => &mut a.diagram.view,
            Command::Show { .. } => return Ok(()),
            _ => {
                return Err(format!(
                    "--as-of {date}: this command reads no dated view; use it with show, path, hubs, brokerage, spreaders, communities, neighbors, timeline, export or render"
                ))
            }
        };
        view.as_of = Some(date);
        Ok(())
    }
}

/// How far nodes are folded together before analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Ministries, agencies and people fold into their country.
    Country,
    /// People fold into their organisation.
    Org,
    /// The raw multigraph.
    All,
}

/// `egov export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The format to write. (Its id differs from the global --format.)
    #[arg(id = "export_format", value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// The file (dot, json, graphml, gexf) or folder (csv, neo4j) to write;
    /// stdout when absent.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub diagram: DiagramArgs,
}

/// What `egov export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Graphviz DOT, styled by kind (the diagram flags apply).
    Dot,
    /// Gephi node and edge tables (nodes.csv, edges.csv, sources.csv) in a folder.
    Csv,
    /// NetworkX node-link JSON.
    Json,
    /// GraphML with typed keys (NetworkX, yEd, Gephi).
    Graphml,
    /// GEXF 1.3 with edge dates as time intervals (Gephi, NetworkX).
    Gexf,
    /// neo4j-admin import CSVs and a Cypher script, in a folder.
    Neo4j,
    /// The interactive map: one self-contained HTML page (as `egov render -o map.html`).
    Html,
}

/// `egov render`.
#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// The picture to write; .svg, .png or .pdf, or .html for the interactive map.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Force a renderer (default: graphviz when installed, else builtin).
    #[arg(long, value_enum)]
    pub renderer: Option<RendererArg>,
    #[command(flatten)]
    pub diagram: DiagramArgs,
}

/// `--renderer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RendererArg {
    /// Graphviz `dot` (SVG, PNG, PDF).
    Graphviz,
    /// The pure-Rust layout-rs (SVG only, small graphs, no boxes).
    Builtin,
}

/// What a diagram shows and how (`egov export dot`, `egov render`).
#[derive(Debug, Clone, Args)]
pub struct DiagramArgs {
    /// Draw only the ego network of this node (an id, name or alias).
    #[arg(long, value_name = "ID", conflicts_with = "path")]
    pub ego: Option<String>,
    /// Hops out from --ego.
    #[arg(long, default_value_t = 1, requires = "ego", value_parser = at_least_one_hop, allow_negative_numbers = true)]
    pub depth: u32,
    /// Highlight a shortest path between two nodes.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub path: Vec<String>,
    /// With --path: draw only the path, not the whole graph around it.
    #[arg(long, requires = "path")]
    pub only_path: bool,
    /// The spreaders picture (see `egov spreaders`): --from, the eligible
    /// spreaders of --region (labelled with rank, score and stated-hub
    /// mark), the region's members, the brokers outside it in a box of
    /// their own, and the ties among them; without --region, every UN
    /// sub-region with a spreader and the members its spreaders reach.
    #[arg(
        long,
        alias = "highlight-spreaders",
        requires = "from",
        conflicts_with_all = ["ego", "path"]
    )]
    pub spreaders: bool,
    /// The source country for --spreaders.
    #[arg(long, value_name = "ID", requires = "spreaders")]
    pub from: Option<String>,
    /// With --spreaders: one region, a UN sub-region or an organisation
    /// (default: every sub-region with a spreader).
    #[arg(long, value_name = "REGION", requires = "spreaders")]
    pub region: Option<String>,
    /// Which borders and memberships to draw: all, those touching a
    /// cooperation partner, or none (--no-context also means none).
    #[arg(long, value_enum, default_value_t = ContextArg::Partners)]
    pub context: ContextArg,
    /// What edge labels say.
    #[arg(long, value_enum, default_value_t = LabelsArg::Date)]
    pub labels: LabelsArg,
    /// Group nodes in boxes by country, by UN sub-region, or not at all.
    #[arg(long, value_enum, default_value_t = ClusterArg::Country)]
    pub cluster: ClusterArg,
    /// The title (default: what the diagram shows).
    #[arg(long)]
    pub title: Option<String>,
    /// Layout direction.
    #[arg(long, value_enum, default_value_t = RankDirArg::LR)]
    pub rankdir: RankDirArg,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
    /// Draw even above the node limit.
    #[arg(long)]
    pub force: bool,
    /// Size nodes by a measure: degree, betweenness, closeness, eigenvector
    /// or pagerank (area proportional to the value).
    #[arg(long, value_name = "MEASURE")]
    pub size_by: Option<String>,
    /// Colour nodes by kind, region, community (Louvain) or a measure
    /// (colour-blind-safe palettes).
    #[arg(long, value_name = "WHAT")]
    pub color_by: Option<String>,
    /// Draw only the N nodes ranked highest by --size-by (or degree), and
    /// the ego centre or path.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Draw only nodes of these kinds (e.g. country,organization).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub kinds_nodes: Vec<String>,
    /// With --since/--until: also draw events without a date, dashed
    /// (they are left out otherwise).
    #[arg(long)]
    pub undated: bool,
    /// A picture ready for a report: briefing (A4 landscape) or slide
    /// (16:9); 14 pt text or more on the page, legend and caption below.
    #[arg(long, value_enum)]
    pub preset: Option<PresetArg>,
    /// The Graphviz layout engine; neato, sfdp and circo place each node
    /// where it is in the layout of the whole view, so parts of one
    /// database line up (default: dot, or neato with --preset).
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `--preset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// A4 landscape.
    Briefing,
    /// A 16:9 slide.
    Slide,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Layers, with country boxes.
    Dot,
    /// Springs.
    Neato,
    /// Springs for large graphs.
    Sfdp,
    /// A circle.
    Circo,
}

/// `--context`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ContextArg {
    /// Every border and membership the view keeps.
    All,
    /// Those with an end that has a cooperation tie in the diagram.
    Partners,
    /// None.
    None,
}

/// `--labels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelsArg {
    /// No edge labels.
    None,
    /// Dates, and export amounts.
    Date,
    /// Kind, date, amount, role and place.
    Full,
}

/// `--cluster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClusterArg {
    /// A box per country with its ministries, agencies and people.
    Country,
    /// A box per UN M49 sub-region.
    Region,
    /// No boxes.
    None,
}

/// `--rankdir`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum RankDirArg {
    /// Left to right.
    #[value(name = "LR", alias = "lr")]
    LR,
    /// Top to bottom.
    #[value(name = "TB", alias = "tb")]
    TB,
}

/// `egov shell`.
#[derive(Debug, Clone, Args)]
pub struct ShellArgs {
    /// Start from an empty in-memory scratch graph, where CREATE, MERGE, SET, REMOVE and DELETE are allowed.
    #[arg(long)]
    pub scratch: bool,
    /// A parameter for `$name`, as for `egov query`; repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

/// `egov query`.
#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// The query, in openCypher.
    #[arg(required_unless_present = "file")]
    pub query: Option<String>,
    /// Read the statements from a file instead (separated by `;`).
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        conflicts_with = "query"
    )]
    pub file: Option<PathBuf>,
    /// A parameter for `$name`: name=value, the value read as JSON where it is JSON, else as text; repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Run on an empty in-memory scratch graph, where CREATE, MERGE, SET, REMOVE and DELETE are allowed.
    #[arg(long)]
    pub scratch: bool,
    /// After the table, each row's evidence: every relationship it holds with its citations, as `path --explain` prints them.
    #[arg(long)]
    pub explain: bool,
}
