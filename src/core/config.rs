//! The site's config, parsed once into domain types that cannot be invalid ("parse, don't
//! validate"). Every error names the field's path and what was expected:
//! `rules[2].points: expected a number, got a string`.

use super::condition::Conditions;
use super::event::BUILT_IN;
use super::glob::Glob;
use super::order::sorted;
use super::text::{field, index, is_one_of, nearest, normalize, push_quoted};
use super::value::{count, Value};
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

const CONFIG_FIELDS: [&str; 18] = [
    "threshold",
    "rules",
    "onQualified",
    "onScore",
    "idleSeconds",
    "sessionMinutes",
    "downloadExtensions",
    "tiers",
    "decay",
    "maxScore",
    "groups",
    "rearmBelow",
    "consent",
    "respectGlobalPrivacyControl",
    "storage",
    "storageKey",
    "ignoreAutomation",
    "debug",
];

const RULE_FIELDS: [&str; 12] = [
    "id",
    "on",
    "points",
    "limit",
    "url",
    "seconds",
    "percent",
    "extension",
    "selector",
    "where",
    "group",
    "halfLifeDays",
];

/// What counts as a document link when the config does not say, separated by spaces (one
/// string: a table of 26 `&str`s is 208 bytes of pointers in the module).
pub const DEFAULT_DOWNLOAD_EXTENSIONS: &str =
    "pdf doc docx xls xlsx ppt pptx odt ods odp rtf txt csv epub key pages numbers zip rar 7z gz tgz dmg exe msi mp4";

/// A config error: the field's path and what was wrong, as one message.
///
/// Boxed, so that the error is one pointer: every `Result` the parser passes around stays
/// small, and each `?` moves one word instead of a whole `String` (2 KB less wasm).
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    #[expect(
        clippy::box_collection,
        reason = "one word, not three, in every Result"
    )]
    message: Box<String>,
}

impl ConfigError {
    pub fn new(path: &str, problem: &str) -> ConfigError {
        let path = if path.is_empty() { "config" } else { path };
        ConfigError::at(String::from(path), problem)
    }

    /// `path: problem`, the message grown from `path`.
    pub fn at(mut path: String, problem: &str) -> ConfigError {
        path.push_str(": ");
        path.push_str(problem);
        ConfigError {
            message: Box::new(path),
        }
    }

    /// `path: expected <what>, got <kind of found>`.
    pub fn expected(path: &str, what: &str, found: &Value) -> ConfigError {
        ConfigError::new(path, "expected ").got(what, found)
    }

    /// This error (`path: expected `), then `<what>, got <kind of found>`.
    pub fn got(mut self, what: &str, found: &Value) -> ConfigError {
        self.message.push_str(what);
        self.message.push_str(", got ");
        self.message.push_str(found.kind());
        self
    }

    /// This error, then `name` in quotes.
    #[cold]
    fn quoting(mut self, name: &str) -> ConfigError {
        push_quoted(&mut self.message, name);
        self
    }

    /// This error, then `, did you mean "<near>"?` when a likely intended name is known.
    fn suggesting(mut self, near: Option<&str>) -> ConfigError {
        if let Some(near) = near {
            self.message.push_str(", did you mean ");
            push_quoted(&mut self.message, near);
            self.message.push('?');
        }
        self
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The message, taken out of the error.
    pub fn into_message(self) -> String {
        *self.message
    }
}

impl ::core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The members of a config object whose keys have all been checked against the known ones.
pub struct Fields<'a, 'p> {
    path: &'p str,
    entries: &'a [(String, Value)],
}

impl<'a, 'p> Fields<'a, 'p> {
    /// Checks that `value` is an object whose keys are all in `known`.
    pub fn new(value: &'a Value, path: &'p str, known: &[&str]) -> Result<Self, ConfigError> {
        let Value::Object(entries) = value else {
            return Err(ConfigError::expected(path, "an object", value));
        };
        for (key, _) in entries {
            if !is_one_of(key, known) {
                return Err(ConfigError::new(&field(path, key), "unknown field")
                    .suggesting(nearest(key, known)));
            }
        }
        Ok(Fields { path, entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The member `key`; `undefined` and `null` count as absent.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        for (k, v) in self.entries {
            // As `str`s: `&String == &str` is a comparison function of its own.
            if k.as_str() == key && !matches!(v, Value::Null) {
                return Some(v);
            }
        }
        None
    }

    pub fn path_of(&self, key: &str) -> String {
        field(self.path, key)
    }

    /// An error at the member `key`: `path.key: problem`.
    pub fn error(&self, key: &str, problem: &str) -> ConfigError {
        ConfigError::at(self.path_of(key), problem)
    }

    /// An error at the member `key` about a name: `path.key: <problem>"<name>"`.
    #[cold]
    pub fn error_about(&self, key: &str, problem: &str, name: &str) -> ConfigError {
        ConfigError::at(self.path_of(key), problem).quoting(name)
    }

    /// An error at the member `key`: `path.key: expected <what>, got <kind of found>`.
    pub fn expected(&self, key: &str, what: &str, found: &Value) -> ConfigError {
        ConfigError::at(self.path_of(key), "expected ").got(what, found)
    }

    fn typed<T>(
        &self,
        key: &str,
        what: &str,
        read: impl Fn(&'a Value) -> Option<T>,
    ) -> Result<Option<T>, ConfigError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match read(v) {
                Some(found) => Ok(Some(found)),
                None => Err(self.expected(key, what, v)),
            },
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, ConfigError> {
        self.finite(key, "a number", f64::NEG_INFINITY)
    }

    /// A number that must not be negative.
    pub fn non_negative(&self, key: &str) -> Result<Option<f64>, ConfigError> {
        self.finite(key, "a number ≥ 0", 0.0)
    }

    /// A number that must be above zero.
    pub fn positive(&self, key: &str) -> Result<Option<f64>, ConfigError> {
        // The least f64 above zero: the numbers from it up are the positive ones.
        self.finite(key, "a number > 0", 5e-324)
    }

    /// A finite number from `least` up; one body for the number readers.
    fn finite(&self, key: &str, what: &str, least: f64) -> Result<Option<f64>, ConfigError> {
        // A match, not `as_f64().filter(..)`: `filter` is a copy of its own for its closure.
        self.typed(key, what, |v| match v {
            Value::Number(n) if n.is_finite() && *n >= least => Some(*n),
            _ => None,
        })
    }

    pub fn positive_integer(&self, key: &str) -> Result<Option<u32>, ConfigError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_f64().and_then(count) {
                Some(n) if n >= 1 => Ok(Some(n)),
                _ => Err(self.expected(key, "a positive integer", v)),
            },
        }
    }

    pub fn string(&self, key: &str) -> Result<Option<&'a str>, ConfigError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.expected(key, "a string", other)),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<Option<bool>, ConfigError> {
        self.typed(key, "true or false", |v| match v {
            Value::Bool(b) => Some(*b),
            _ => None,
        })
    }

    /// A string or a list of strings, lower-cased (file extensions).
    pub fn extensions(&self, key: &str) -> Result<Option<Vec<String>>, ConfigError> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        // One string is read as a list of one; any other value as well, refused as its item.
        let items = match v {
            Value::Array(items) => items.as_slice(),
            _ => ::core::slice::from_ref(v),
        };
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            let Value::String(item) = item else {
                return Err(self.expected(key, "a string or a list of strings", v));
            };
            list.push(clean_extension(item));
        }
        Ok(Some(list))
    }
}

/// [`DEFAULT_DOWNLOAD_EXTENSIONS`], as a list.
fn default_download_extensions() -> Vec<String> {
    let mut list = Vec::new();
    let mut extension = String::new();
    for b in DEFAULT_DOWNLOAD_EXTENSIONS.bytes() {
        if b == b' ' {
            list.push(::core::mem::take(&mut extension));
        } else {
            extension.push(char::from(b)); // ASCII
        }
    }
    list.push(extension);
    list
}

/// Without leading dots, lower case (`strip_prefix` compares the first bytes: no string searcher).
fn clean_extension(mut s: &str) -> String {
    while let Some(rest) = s.strip_prefix('.') {
        s = rest;
    }
    s.to_ascii_lowercase()
}

/// What a rule scores, with the parameters that kind of event needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    PageView,
    /// Engaged seconds on one page view.
    Dwell {
        seconds: f64,
    },
    /// Depth reached on one page view, in percent.
    Scroll {
        percent: f64,
    },
    /// An element matching `selector` at least half in view for `seconds` of engaged time.
    View {
        seconds: f64,
    },
    /// A document link; `None` accepts every document extension.
    Download {
        extensions: Option<Vec<String>>,
    },
    /// Any other event, matched by name (`click`, `visit`, `identify`, custom names, …).
    Named(String),
}

impl Trigger {
    /// The event name this trigger listens to.
    pub fn event_name(&self) -> &str {
        match self {
            Trigger::PageView => "page_view",
            Trigger::Dwell { .. } => "dwell",
            Trigger::Scroll { .. } => "scroll",
            Trigger::Download { .. } => "download",
            Trigger::View { .. } => "view",
            Trigger::Named(name) => name,
        }
    }

    /// True for measures that restart on each page view (a rule scores them once per view).
    pub fn is_per_page(&self) -> bool {
        matches!(
            self,
            Trigger::Dwell { .. } | Trigger::Scroll { .. } | Trigger::View { .. }
        )
    }
}

/// One point rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: String,
    pub trigger: Trigger,
    pub points: f64,
    pub limit: u32,
    pub url: Option<Glob>,
    pub selector: Option<String>,
    pub conditions: Conditions,
    /// Index into [`Config::groups`].
    pub group: Option<usize>,
    /// Half-life in milliseconds; `None` means the points never decay.
    pub half_life_ms: Option<f64>,
}

/// A named cap on the points of the rules that join it.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: String,
    pub max: Option<f64>,
}

/// A named score band; `state().tier` is the highest one reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    pub name: String,
    pub min: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StorageKind {
    Local,
    Session,
    Memory,
}

/// A valid config.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub threshold: f64,
    pub rules: Vec<Rule>,
    pub idle_ms: f64,
    pub session_ms: f64,
    pub download_extensions: Vec<String>,
    pub tiers: Vec<Tier>,
    pub groups: Vec<Group>,
    pub max_score: Option<f64>,
    pub rearm_below: Option<f64>,
    pub consent_required: bool,
    pub respect_global_privacy_control: bool,
    pub storage: StorageKind,
    pub storage_key: String,
    pub ignore_automation: bool,
    pub debug: bool,
}

const DAY_MS: f64 = 86_400_000.0;

impl Config {
    /// Parses a config object.
    ///
    /// ```
    /// use leadscore::core::{Config, Value};
    /// let bad = Value::object([("rules", Value::Array(vec![Value::object([
    ///     ("id", Value::str("a")), ("on", Value::str("page_view")), ("points", Value::str("ten")),
    /// ])]))]);
    /// assert_eq!(
    ///     Config::parse(&bad).unwrap_err().message(),
    ///     "rules[0].points: expected a number, got a string"
    /// );
    /// ```
    pub fn parse(value: &Value) -> Result<Config, ConfigError> {
        let f = Fields::new(value, "", &CONFIG_FIELDS)?;
        // The handlers are JavaScript functions: only their type is checked here.
        if let Some(v) = f.get("onQualified") {
            if !matches!(v, Value::Function) {
                return Err(f.expected("onQualified", "a function", v));
            }
        }
        if let Some(v) = f.get("onScore") {
            if !matches!(v, Value::Function) {
                return Err(f.expected("onScore", "a function", v));
            }
        }
        let groups = parse_groups(&f)?;
        let default_half_life = match f.get("decay") {
            None => None,
            Some(decay) => {
                let d = Fields::new(decay, "decay", &["halfLifeDays"])?;
                // A plain match: `ok_or_else` is a copy of its own for its closure.
                match d.positive("halfLifeDays")? {
                    Some(days) => Some(days * DAY_MS),
                    None => return Err(d.error("halfLifeDays", "is required")),
                }
            }
        };
        let rules = parse_rules(&f, &groups, default_half_life)?;
        let threshold = f.number("threshold")?.unwrap_or(100.0);
        let rearm_below = f.number("rearmBelow")?;
        if rearm_below.is_some_and(|r| r > threshold) {
            return Err(f.error("rearmBelow", "must not be above the threshold"));
        }
        // Options are read as text: any other value reads as "", which is none of them.
        let consent_required = match f.get("consent") {
            None => false,
            Some(consent) => match Value::text_of(Some(consent)) {
                "granted" => false,
                "required" => true,
                _ => {
                    let what = "one of \"granted\", \"required\"";
                    return Err(f.expected("consent", what, consent));
                }
            },
        };
        let storage = match f.get("storage") {
            None => StorageKind::Local,
            Some(storage) => match Value::text_of(Some(storage)) {
                "local" => StorageKind::Local,
                "session" => StorageKind::Session,
                "memory" => StorageKind::Memory,
                _ => {
                    let what = "one of \"local\", \"session\", \"memory\"";
                    return Err(f.expected("storage", what, storage));
                }
            },
        };
        let storage_key = f.string("storageKey")?.unwrap_or("leadscore");
        if storage_key.is_empty() {
            return Err(f.error("storageKey", "must not be empty"));
        }
        let idle_seconds = f.positive("idleSeconds")?.unwrap_or(30.0);
        let session_minutes = f.positive("sessionMinutes")?.unwrap_or(30.0);
        let download_extensions = f
            .extensions("downloadExtensions")?
            .unwrap_or_else(default_download_extensions);
        let tiers = parse_tiers(&f)?;
        let max_score = f.number("maxScore")?;
        let respect_global_privacy_control =
            f.boolean("respectGlobalPrivacyControl")?.unwrap_or(true);
        let ignore_automation = f.boolean("ignoreAutomation")?.unwrap_or(false);
        let debug = f.boolean("debug")?.unwrap_or(false);
        Ok(Config {
            threshold,
            rules,
            idle_ms: idle_seconds * 1000.0,
            session_ms: session_minutes * 60_000.0,
            download_extensions,
            tiers,
            groups,
            max_score,
            rearm_below,
            consent_required,
            respect_global_privacy_control,
            storage,
            storage_key: storage_key.to_owned(),
            ignore_automation,
            debug,
        })
    }

    /// The tier reached by `score`, as an index into `tiers`: the last whose `min` it reaches,
    /// found by a plain forward loop (`rposition` is a reverse search of its own; tiers are few).
    pub fn tier_for(&self, score: f64) -> Option<usize> {
        let mut reached = None;
        for (i, tier) in self.tiers.iter().enumerate() {
            if score >= tier.min {
                reached = Some(i);
            }
        }
        reached
    }
}

fn parse_rules(
    f: &Fields,
    groups: &[Group],
    default_half_life: Option<f64>,
) -> Result<Vec<Rule>, ConfigError> {
    let list = match f.get("rules") {
        None => return Err(f.error("rules", "is required")),
        Some(Value::Array(list)) => list,
        Some(other) => return Err(f.expected("rules", "a list of rules", other)),
    };
    if list.is_empty() {
        return Err(f.error("rules", "must not be empty"));
    }
    let mut rules = Vec::new();
    let mut invalid = None;
    for (i, item) in list.iter().enumerate() {
        match parse_rule(item, &index("rules", i), groups, default_half_life) {
            Ok(rule) => rules.push(rule),
            Err(e) => {
                invalid = Some(e);
                break;
            }
        }
    }
    // Errors in document order: a duplicate among the rules before an invalid one comes first.
    if let Some(i) = first_duplicate(&rules) {
        let id = rules.get(i).map_or("", |r| r.id.as_str());
        return Err(
            ConfigError::at(field(&index("rules", i), "id"), "duplicate rule id ").quoting(id),
        );
    }
    match invalid {
        Some(e) => Err(e),
        None => Ok(rules),
    }
}

/// The index of the first rule whose id an earlier rule already has; sorting keeps a config
/// with 10,000 rules fast.
fn first_duplicate(rules: &[Rule]) -> Option<usize> {
    let id = |i: usize| rules.get(i).map_or("", |r| r.id.as_str());
    let order = sorted(rules.len(), &|a, b| {
        id(a).cmp(id(b)).then(a.cmp(&b)).is_lt()
    });
    let mut first = None;
    let mut previous = None;
    for &b in &order {
        if let Some(a) = previous {
            if id(a) == id(b) && first.is_none_or(|f| b < f) {
                first = Some(b);
            }
        }
        previous = Some(b);
    }
    first
}

#[expect(
    clippy::manual_map,
    reason = "the url and selector matched by hand: `Option::map` over a fn is a copy of its own"
)]
fn parse_rule(
    item: &Value,
    path: &str,
    groups: &[Group],
    default_half_life: Option<f64>,
) -> Result<Rule, ConfigError> {
    let f = Fields::new(item, path, &RULE_FIELDS)?;
    let Some(id) = f.string("id")? else {
        return Err(f.error("id", "is required"));
    };
    if id.is_empty() {
        return Err(f.error("id", "must not be empty"));
    }
    let Some(on) = f.string("on")? else {
        return Err(f.error("on", "is required"));
    };
    let Some(points) = f.number("points")? else {
        return Err(f.error("points", "is required"));
    };
    let trigger = parse_trigger(&f, on)?;
    // Parameters that belong to another kind of event are mistakes, not silent no-ops.
    if f.get("seconds").is_some() && !matches!(on, "dwell" | "view") {
        return Err(f.error_about("seconds", "only applies to on: ", "dwell"));
    }
    if f.get("percent").is_some() && !matches!(on, "scroll") {
        return Err(f.error_about("percent", "only applies to on: ", "scroll"));
    }
    if f.get("extension").is_some() && !matches!(on, "download") {
        return Err(f.error_about("extension", "only applies to on: ", "download"));
    }
    let selector = f.string("selector")?;
    if selector.is_some() && !matches!(on, "click" | "form_submit" | "view") {
        return Err(f.error(
            "selector",
            "only applies to on: \"click\", \"form_submit\" or \"view\"",
        ));
    }
    let group = match f.string("group")? {
        None => None,
        Some(name) => {
            let Some(group) = groups.iter().position(|g| g.name == name) else {
                let mut names = Vec::new();
                for g in groups {
                    names.push(g.name.as_str());
                }
                return Err(f
                    .error_about("group", "unknown group ", name)
                    .suggesting(nearest(name, &names)));
            };
            Some(group)
        }
    };
    // The rest read before the id, url and selector are copied, so that an error has less to
    // drop.
    let limit = f.positive_integer("limit")?.unwrap_or(1);
    let url = f.string("url")?;
    let conditions = match f.get("where") {
        Some(w) => Conditions::parse(w, &f.path_of("where"))?,
        None => Conditions::default(),
    };
    let half_life_ms = f
        .positive("halfLifeDays")?
        .map(|d| d * DAY_MS)
        .or(default_half_life);
    Ok(Rule {
        id: id.to_owned(),
        trigger,
        points,
        limit,
        // Plain matches: `Option::map` over a fn (`Glob::new`, `str::to_owned`) is a copy of
        // `map` of its own for each.
        url: match url {
            Some(url) => Some(Glob::new(url)),
            None => None,
        },
        selector: match selector {
            Some(selector) => Some(selector.to_owned()),
            None => None,
        },
        conditions,
        group,
        half_life_ms,
    })
}

fn parse_trigger(f: &Fields, on: &str) -> Result<Trigger, ConfigError> {
    Ok(match on {
        "page_view" => Trigger::PageView,
        "dwell" => {
            let Some(seconds) = f.positive("seconds")? else {
                return Err(f.error_about("seconds", "is required for on: ", "dwell"));
            };
            Trigger::Dwell { seconds }
        }
        "scroll" => {
            let Some(percent) = f.positive("percent")? else {
                return Err(f.error_about("percent", "is required for on: ", "scroll"));
            };
            if percent > 100.0 {
                return Err(f.error("percent", "must be at most 100"));
            }
            Trigger::Scroll { percent }
        }
        "view" => {
            if f.get("selector").is_none() {
                return Err(f.error_about("selector", "is required for on: ", "view"));
            }
            Trigger::View {
                seconds: f.non_negative("seconds")?.unwrap_or(0.0),
            }
        }
        "download" => Trigger::Download {
            extensions: f.extensions("extension")?,
        },
        _ if on.is_empty() => return Err(f.error("on", "must not be empty")),
        _ => {
            if let Some(near) = typo_of_built_in(on) {
                return Err(f
                    .error_about("on", "unknown event ", on)
                    .suggesting(Some(near)));
            }
            Trigger::Named(on.to_owned())
        }
    })
}

/// The built-in event a custom name is one slip away from (`pageview`, `Dwell`, `downlaod`):
/// such names are far likelier to be typos than custom events, so they are refused.
fn typo_of_built_in(name: &str) -> Option<&'static str> {
    if is_one_of(name, &BUILT_IN) {
        return None;
    }
    let normalized = normalize(name);
    for &built_in in &BUILT_IN {
        let nb = normalize(built_in);
        // The same name once normalized, or (for names of five letters or more) one edit away.
        if nb.len().abs_diff(normalized.len()) <= 1 {
            let edits = super::text::distance(&nb, &normalized);
            if edits == 0 || (nb.len() >= 5 && edits <= 1) {
                return Some(built_in);
            }
        }
    }
    None
}

fn parse_groups(f: &Fields) -> Result<Vec<Group>, ConfigError> {
    let Some(value) = f.get("groups") else {
        return Ok(Vec::new());
    };
    let Value::Object(entries) = value else {
        return Err(f.expected("groups", "an object", value));
    };
    let mut groups = Vec::new();
    for (name, spec) in entries {
        let path = field("groups", name);
        let g = Fields::new(spec, &path, &["max"])?;
        let max = g.number("max")?;
        groups.push(Group {
            name: name.clone(),
            max,
        });
    }
    Ok(groups)
}

fn parse_tiers(f: &Fields) -> Result<Vec<Tier>, ConfigError> {
    let Some(value) = f.get("tiers") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err(f.expected("tiers", "a list of tiers", value));
    };
    let mut tiers: Vec<Tier> = Vec::new();
    let mut previous_min = f64::NEG_INFINITY;
    for (i, item) in items.iter().enumerate() {
        let path = index("tiers", i);
        let t = Fields::new(item, &path, &["name", "min"])?;
        let Some(name) = t.string("name")? else {
            return Err(t.error("name", "is required"));
        };
        let Some(min) = t.number("min")? else {
            return Err(t.error("min", "is required"));
        };
        if min <= previous_min {
            return Err(t.error(
                "min",
                "must be above the previous tier's min (list tiers from lowest to highest)",
            ));
        }
        previous_min = min;
        for tier in &tiers {
            if tier.name == name {
                return Err(t.error_about("name", "duplicate tier name ", name));
            }
        }
        tiers.push(Tier {
            name: name.to_owned(),
            min,
        });
    }
    Ok(tiers)
}
