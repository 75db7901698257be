//! The ArchiMate Model Exchange File Format (Open Group, ArchiMate 3.x; what Archi and most EA tools read and
//! write), both ways.
//!
//! Export: every system as an `ApplicationComponent`, its interfaces as `ApplicationInterface`s composed in it
//! (a provided one serving the counterpart system when it is in the estate; for a consumed one, the
//! counterpart's component serves the system), its infrastructure as `Node`s (bespoke) and
//! `SystemSoftware` (common components) serving it, and the model's capabilities as `Capability` elements
//! (composed as the taxonomy is) that the systems realize. xgea's facts ride along as `xgea:*` properties, so
//! export → import keeps systems and interfaces as they were.
//!
//! Import: `ApplicationComponent` → system; `ApplicationInterface` composed in or assigned to it → interface
//! (from its `xgea:*` properties, else from what it serves); `Serving` and `Flow` between components →
//! interfaces at both ends; `Node`, `SystemSoftware`, `Device` and `TechnologyService` serving a component →
//! infrastructure; `Realization` of a `Capability` → a capability (by `xgea:id`, id or name).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::Event;

use super::{Counterpart, Departments, Draft, DraftInterface, Import, ImportError, cost_of, lifecycle_of, read};
use crate::estate::{Counterpart as EstateCounterpart, Direction, Estate, InfraSource};
use crate::model::Model;
use crate::source::SourceFile;

/// The exchange format's namespace (ArchiMate 3.0 and 3.1 share it).
pub const NAMESPACE: &str = "http://www.opengroup.org/xsd/archimate/3.0/";

// ---- export -------------------------------------------------------------------------------------------------

/// The properties xgea writes, in the order of the `propertyDefinitions`.
const PROPERTIES: &[&str] = &[
    "xgea:id",
    "xgea:department",
    "xgea:owner",
    "xgea:lifecycle",
    "xgea:annualCostGbp",
    "xgea:direction",
    "xgea:counterpart",
    "xgea:standards",
    "xgea:kind",
    "xgea:uses",
];

fn prop_ref(name: &str) -> String {
    let i = PROPERTIES.iter().position(|p| *p == name).unwrap_or(0);
    format!("propid-xgea-{}", i + 1)
}

struct Writer {
    elements: String,
    relationships: String,
    count: usize,
}

impl Writer {
    fn element(&mut self, id: &str, kind: &str, name: &str, documentation: Option<&str>, props: &[(&str, String)]) {
        let _ = writeln!(self.elements, "    <element identifier=\"{}\" xsi:type=\"{kind}\">", escape(id));
        let _ = writeln!(self.elements, "      <name xml:lang=\"en\">{}</name>", escape(name));
        if let Some(d) = documentation {
            let _ = writeln!(self.elements, "      <documentation xml:lang=\"en\">{}</documentation>", escape(d));
        }
        properties(&mut self.elements, props, "      ");
        self.elements.push_str("    </element>\n");
    }
    fn relationship(&mut self, kind: &str, source: &str, target: &str, props: &[(&str, String)]) {
        self.count += 1;
        let open = format!(
            "    <relationship identifier=\"rel-{}\" source=\"{}\" target=\"{}\" xsi:type=\"{kind}\"",
            self.count,
            escape(source),
            escape(target)
        );
        if props.is_empty() {
            let _ = writeln!(self.relationships, "{open} />");
        } else {
            let _ = writeln!(self.relationships, "{open}>");
            properties(&mut self.relationships, props, "      ");
            self.relationships.push_str("    </relationship>\n");
        }
    }
}

fn properties(out: &mut String, props: &[(&str, String)], indent: &str) {
    if props.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}<properties>");
    for (name, value) in props {
        let _ = writeln!(out, "{indent}  <property propertyDefinitionRef=\"{}\">", prop_ref(name));
        let _ = writeln!(out, "{indent}    <value xml:lang=\"en\">{}</value>", escape(value.as_str()));
        let _ = writeln!(out, "{indent}  </property>");
    }
    let _ = writeln!(out, "{indent}</properties>");
}

fn system_ref(id: &str) -> String {
    format!("id-{id}")
}

/// The estate (and the model's capabilities) as an exchange file. Deterministic: systems by id, interfaces and
/// infrastructure in descriptor order, capabilities in model order.
pub fn export(model: &Model, estate: &Estate, name: &str) -> String {
    let mut w = Writer { elements: String::new(), relationships: String::new(), count: 0 };
    let mut systems: Vec<_> = estate.systems.iter().collect();
    systems.sort_by_key(|s| s.id.value);
    let known: HashMap<&str, ()> = systems.iter().map(|s| (s.id.as_str(), ())).collect();
    // Capabilities, and the taxonomy as composition.
    for c in &model.capabilities {
        w.element(
            &format!("cap-{}", c.id),
            "Capability",
            &c.name,
            c.description.as_deref(),
            &[("xgea:id", c.id.clone())],
        );
    }
    for c in &model.capabilities {
        if let Some(parent) = &c.parent {
            w.relationship("Composition", &format!("cap-{parent}"), &format!("cap-{}", c.id), &[]);
        }
    }
    let mut infrastructure: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut seen_ids: HashMap<String, ()> = HashMap::new();
    for s in &systems {
        let sid = system_ref(&s.id.value);
        if seen_ids.insert(sid.clone(), ()).is_some() {
            continue; // a duplicate id: XG104 reports it; one element per id
        }
        let mut props = vec![("xgea:id", s.id.value.to_string()), ("xgea:department", s.department.value.to_string())];
        if let Some(o) = &s.owner {
            props.push(("xgea:owner", o.clone()));
        }
        props.push(("xgea:lifecycle", s.lifecycle.value.as_str().to_string()));
        if let Some(c) = s.annual_cost_gbp {
            props.push(("xgea:annualCostGbp", c.to_string()));
        }
        w.element(&sid, "ApplicationComponent", &s.name, s.description.as_deref(), &props);
        for c in &s.capabilities {
            if model.capability(c.value).is_some() {
                w.relationship("Realization", &sid, &format!("cap-{}", c.value), &[]);
            }
        }
        for f in &s.interfaces {
            let fid = format!("{sid}.if.{}", f.id.value);
            let standards: Vec<&str> = f.standards.iter().map(|x| x.as_str()).collect();
            let props = vec![
                ("xgea:direction", f.direction.as_str().to_string()),
                ("xgea:counterpart", f.counterpart.value.to_string()),
                ("xgea:standards", standards.join(", ")),
            ];
            w.element(&fid, "ApplicationInterface", &f.id.value, None, &props);
            w.relationship("Composition", &sid, &fid, &[]);
            if let EstateCounterpart::System(other) = &f.counterpart.value
                && known.contains_key(other.as_str())
            {
                match f.direction {
                    Direction::Provides => w.relationship("Serving", &fid, &system_ref(other), &[]),
                    Direction::Consumes => w.relationship("Serving", &system_ref(other), &sid, &[]),
                }
            }
        }
        for u in &s.infrastructure {
            let (key, kind, name) = match &u.uses.value {
                InfraSource::Common(id) => {
                    let name = model.component(id).map_or(id.to_string(), |c| c.name.clone());
                    (format!("common:{id}"), "SystemSoftware", name)
                }
                InfraSource::Bespoke(n) => (format!("bespoke:{n}"), "Node", n.to_string()),
            };
            let node = format!("infra-{}", key.replace(':', "-"));
            infrastructure.entry(key.clone()).or_insert((kind.to_string(), name));
            w.relationship("Serving", &node, &sid, &[("xgea:kind", u.kind.value.to_string())]);
        }
    }
    for (key, (kind, name)) in &infrastructure {
        let node = format!("infra-{}", key.replace(':', "-"));
        w.element(&node, kind, name, None, &[("xgea:uses", key.clone())]);
    }
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<model xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"{NAMESPACE} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd\" identifier=\"id-xgea-estate\">"
    );
    let _ = writeln!(out, "  <name xml:lang=\"en\">{}</name>", escape(name));
    let _ = writeln!(
        out,
        "  <documentation xml:lang=\"en\">Exported by xgea from {} system(s) against reference model {} {}.</documentation>",
        seen_ids.len(),
        escape(model.meta.name.as_str()),
        escape(model.meta.version.as_str())
    );
    let _ = writeln!(out, "  <elements>\n{}  </elements>", w.elements);
    if !w.relationships.is_empty() {
        let _ = writeln!(out, "  <relationships>\n{}  </relationships>", w.relationships);
    }
    out.push_str("  <propertyDefinitions>\n");
    for (i, p) in PROPERTIES.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <propertyDefinition identifier=\"propid-xgea-{}\" type=\"string\">\n      <name xml:lang=\"en\">{p}</name>\n    </propertyDefinition>",
            i + 1
        );
    }
    out.push_str("  </propertyDefinitions>\n</model>\n");
    out
}

// ---- a small XML tree ---------------------------------------------------------------------------------------

/// An XML element: local name, attributes by qualified name, children, text, and where it starts.
#[derive(Debug, Default)]
pub struct XmlNode {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<XmlNode>,
    pub text: String,
    pub offset: u64,
}

impl XmlNode {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name || k.rsplit(':').next() == Some(name)).map(|(_, v)| v.as_str())
    }
    pub fn child(&self, name: &str) -> Option<&XmlNode> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlNode> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).map(|n| n.text.trim().to_string()).filter(|t| !t.is_empty())
    }
}

fn local(qname: &[u8]) -> String {
    let name = String::from_utf8_lossy(qname);
    name.rsplit(':').next().unwrap_or(&name).to_string()
}

/// Parses `text` into a tree, or says where it is not well-formed XML.
pub fn parse_xml(text: &str) -> Result<XmlNode, (u64, String)> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<XmlNode> = vec![XmlNode::default()];
    let open = |e: &quick_xml::events::BytesStart<'_>, offset: u64| -> Result<XmlNode, (u64, String)> {
        let mut node = XmlNode { name: local(e.name().as_ref()), offset, ..XmlNode::default() };
        for a in e.attributes() {
            let a = a.map_err(|err| (offset, err.to_string()))?;
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| (offset, err.to_string()))?
                .into_owned();
            node.attributes.push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), value));
        }
        Ok(node)
    };
    loop {
        let offset = reader.buffer_position();
        match reader.read_event() {
            Err(e) => return Err((reader.error_position(), e.to_string())),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => stack.push(open(&e, offset)?),
            Ok(Event::Empty(e)) => {
                let node = open(&e, offset)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Ok(Event::End(_)) => {
                let node = stack.pop().ok_or((offset, "unbalanced end tag".to_string()))?;
                match stack.last_mut() {
                    Some(top) => top.children.push(node),
                    None => return Err((offset, "unbalanced end tag".into())),
                }
            }
            Ok(Event::Text(t)) => {
                let s = t.decode().map_err(|e| (offset, e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    let name = r.decode().map_err(|e| (offset, e.to_string()))?;
                    resolve_predefined_entity(&name).map(str::to_string)
                };
                let Some(resolved) = resolved else {
                    return Err((offset, "unknown entity reference".into()));
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Ok(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err((text.len() as u64, "the document ends inside an element".into()));
    }
    stack.pop().and_then(|root| root.children.into_iter().next()).ok_or((0, "no root element".into()))
}

// ---- import -------------------------------------------------------------------------------------------------

struct Element<'a> {
    node: &'a XmlNode,
    kind: &'a str,
    name: String,
    props: HashMap<String, String>,
}

fn props_of(node: &XmlNode, definitions: &HashMap<String, String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(properties) = node.child("properties") {
        for p in properties.all("property") {
            let key = p.attr("propertyDefinitionRef").or(p.attr("identifierRef")).unwrap_or("");
            let name = definitions.get(key).cloned().unwrap_or_else(|| key.to_string());
            if let Some(value) = p.text_of("value") {
                out.insert(name.to_lowercase(), value);
            }
        }
    }
    out
}

fn prop<'a>(props: &'a HashMap<String, String>, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| props.get(*n)).map(String::as_str)
}

/// Whether `text` is a system id as descriptors write it.
fn is_system_id(text: &str) -> bool {
    let Some((dept, local)) = text.split_once('.') else { return false };
    super::check_department(dept).is_ok()
        && local.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && local.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
}

/// Reads the exchange file at `path`.
pub fn import(path: &Path, departments: &Departments, model: &Model) -> Result<Import, ImportError> {
    let text = read(path)?;
    let name = crate::source::display_path_of(path);
    let file = SourceFile::new(name.clone(), text.as_str());
    let at = |offset: u64| {
        let lc = file.line_col(offset as u32);
        format!("{name}:{}:{}", lc.line, lc.column)
    };
    let root = parse_xml(&text)
        .map_err(|(offset, e)| ImportError::new(format!("{}: not well-formed XML: {e}", at(offset))))?;
    if root.name != "model"
        || root.attr("xmlns").is_some_and(|ns| !ns.starts_with("http://www.opengroup.org/xsd/archimate"))
    {
        return Err(ImportError::new(format!("{name}: not an ArchiMate exchange file (root `{}`)", root.name))
            .with_help("export the model from your EA tool as \"Open Exchange File\" (Archi: File → Export → Model to Open Exchange File)"));
    }
    let mut definitions: HashMap<String, String> = HashMap::new();
    for defs in root.all("propertyDefinitions").chain(root.all("properties")) {
        for d in defs.all("propertyDefinition") {
            if let (Some(id), Some(n)) = (d.attr("identifier"), d.text_of("name")) {
                definitions.insert(id.to_string(), n);
            }
        }
    }
    let mut import = Import::default();
    let mut elements: Vec<Element<'_>> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for e in root.all("elements").flat_map(|es| es.all("element")) {
        let Some(id) = e.attr("identifier") else { continue };
        let kind = e.attr("type").unwrap_or("");
        let name = e.text_of("name").unwrap_or_else(|| id.to_string());
        by_id.insert(id, elements.len());
        elements.push(Element { node: e, kind, name, props: props_of(e, &definitions) });
    }
    struct Rel<'a> {
        kind: &'a str,
        source: usize,
        target: usize,
        props: HashMap<String, String>,
        name: Option<String>,
    }
    let mut rels: Vec<Rel<'_>> = Vec::new();
    for r in root.all("relationships").flat_map(|rs| rs.all("relationship")) {
        let (Some(s), Some(t)) = (r.attr("source"), r.attr("target")) else { continue };
        match (by_id.get(s), by_id.get(t)) {
            (Some(&source), Some(&target)) => rels.push(Rel {
                kind: r.attr("type").unwrap_or(""),
                source,
                target,
                props: props_of(r, &definitions),
                name: r.text_of("name"),
            }),
            _ => {
                // A relationship between relationships, or to an element the file does not hold.
                import.problem(
                    at(r.offset),
                    format!(
                        "relationship `{}` names an element the file does not hold: skipped",
                        r.attr("identifier").unwrap_or("")
                    ),
                );
            }
        }
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &elements {
        *kinds.entry(e.kind).or_default() += 1;
    }
    const MAPPED: &[&str] = &[
        "ApplicationComponent",
        "ApplicationInterface",
        "Node",
        "SystemSoftware",
        "Device",
        "TechnologyService",
        "Capability",
    ];
    for (kind, n) in &kinds {
        if !MAPPED.contains(kind) {
            *import.summary.skipped.entry(format!("{kind} elements (not mapped)")).or_default() += n;
        }
    }
    // Units: application components.
    let components: Vec<usize> = (0..elements.len()).filter(|&i| elements[i].kind == "ApplicationComponent").collect();
    let unit_of: HashMap<usize, usize> = components.iter().enumerate().map(|(u, &i)| (i, u)).collect();
    // Interfaces: owned by the component that composes, aggregates or is assigned to them.
    let mut owner_of: HashMap<usize, usize> = HashMap::new();
    for r in &rels {
        if matches!(r.kind, "Composition" | "Aggregation" | "Assignment")
            && elements[r.target].kind == "ApplicationInterface"
            && let Some(&u) = unit_of.get(&r.source)
        {
            owner_of.entry(r.target).or_insert(u);
        }
    }
    let mut drafts: Vec<Option<Draft>> = Vec::new();
    for &i in &components {
        let e = &elements[i];
        let xgea_id = prop(&e.props, &["xgea:id"]).filter(|id| is_system_id(id));
        let department = prop(&e.props, &["xgea:department", "department"])
            .map(str::to_string)
            .or_else(|| xgea_id.and_then(|id| id.split_once('.')).map(|(d, _)| d.to_string()))
            .or_else(|| departments.of(prop(&e.props, &["xgea:owner", "owner"])));
        let Some(department) = department else {
            import.problem(at(e.node.offset), format!("no department for `{}`: skipped", e.name));
            import.summary.skipped("components with no department");
            drafts.push(None);
            continue;
        };
        let lifecycle_text = prop(&e.props, &["xgea:lifecycle", "lifecycle", "status"]);
        let lifecycle = lifecycle_text.and_then(lifecycle_of);
        if let (Some(t), None) = (lifecycle_text, lifecycle) {
            import.problem(at(e.node.offset), format!("`{}`: lifecycle `{t}` is not one xgea knows", e.name));
        }
        let cost_text = prop(&e.props, &["xgea:annualcostgbp", "annual cost", "cost"]);
        let cost = cost_text.and_then(cost_of);
        if let (Some(t), None) = (cost_text, cost) {
            import.problem(at(e.node.offset), format!("`{}`: cost `{t}` is not a number of pounds", e.name));
        }
        drafts.push(Some(Draft {
            name: e.name.clone(),
            key: xgea_id.and_then(|id| id.split_once('.')).map(|(_, l)| l.to_string()),
            department,
            owner: prop(&e.props, &["xgea:owner", "owner"]).map(str::to_string),
            description: e.node.text_of("documentation"),
            lifecycle,
            annual_cost_gbp: cost,
            origin: format!("{} (ApplicationComponent `{}`)", at(e.node.offset), e.name),
            at: at(e.node.offset),
            ..Draft::default()
        }));
    }
    let system_of_id: HashMap<String, usize> = components
        .iter()
        .enumerate()
        .filter_map(|(u, &i)| prop(&elements[i].props, &["xgea:id"]).map(|id| (id.to_string(), u)))
        .collect();
    // Interfaces described by xgea properties.
    let mut described: HashMap<usize, ()> = HashMap::new();
    for (&f, &u) in &owner_of {
        let e = &elements[f];
        let Some(direction) = prop(&e.props, &["xgea:direction"]) else { continue };
        described.insert(f, ());
        let direction = if direction == "consumes" { Direction::Consumes } else { Direction::Provides };
        let counterpart = match prop(&e.props, &["xgea:counterpart"]) {
            Some(c) => match c.strip_prefix("external:") {
                Some(name) => Counterpart::External(name.to_string()),
                None => match system_of_id.get(c) {
                    Some(&v) => Counterpart::Draft(v),
                    None if is_system_id(c) => Counterpart::System(c.to_string()),
                    None => Counterpart::External(c.to_string()),
                },
            },
            None => Counterpart::External(e.name.clone()),
        };
        let standards = prop(&e.props, &["xgea:standards"]).map(super::capability_list).unwrap_or_default();
        if let Some(d) = drafts[u].as_mut() {
            d.interfaces.push(DraftInterface { name: e.name.clone(), direction, counterpart, standards, note: None });
        }
    }
    // Relationships.
    for r in &rels {
        let (s, t) = (&elements[r.source], &elements[r.target]);
        match r.kind {
            "Serving" | "Flow" | "Triggering" => {
                // provider → consumer, each a component or an interface of one.
                let side = |i: usize| unit_of.get(&i).copied().or_else(|| owner_of.get(&i).copied());
                // What xgea exported is read from the interfaces' properties, not again from these.
                let exported = |i: usize| prop(&elements[i].props, &["xgea:id"]).is_some() && unit_of.contains_key(&i);
                if described.contains_key(&r.source)
                    || described.contains_key(&r.target)
                    || (exported(r.source) && exported(r.target))
                {
                    continue;
                }
                match (side(r.source), side(r.target)) {
                    (Some(a), Some(b)) if a != b => {
                        let label = r.name.clone().unwrap_or_else(|| {
                            if s.kind == "ApplicationInterface" {
                                s.name.clone()
                            } else {
                                format!("{}-to-{}", s.name, t.name)
                            }
                        });
                        for (x, y, direction) in [(a, b, Direction::Provides), (b, a, Direction::Consumes)] {
                            if let Some(d) = drafts[x].as_mut() {
                                d.interfaces.push(DraftInterface {
                                    name: label.clone(),
                                    direction,
                                    counterpart: Counterpart::Draft(y),
                                    standards: Vec::new(),
                                    note: Some(format!("{} relationship: the file names no standard", r.kind)),
                                });
                            }
                        }
                        import.summary.guessed(format!("{} relationships → interfaces at both ends", r.kind));
                    }
                    (None, Some(b)) if matches!(s.kind, "Node" | "SystemSoftware" | "Device" | "TechnologyService") => {
                        // A common component of the model, by name or id, with its kind.
                        let common = model
                            .components
                            .iter()
                            .find(|c| c.name.eq_ignore_ascii_case(&s.name) || c.id == super::slug(&s.name));
                        let kind = prop(&r.props, &["xgea:kind"])
                            .or(prop(&s.props, &["xgea:kind"]))
                            .or(common.and_then(|c| c.kinds.first()).map(String::as_str))
                            .unwrap_or("hosting");
                        let uses = match prop(&s.props, &["xgea:uses"]) {
                            Some(u) if u.starts_with("common:") || u.starts_with("bespoke:") => u.to_string(),
                            _ => match common {
                                Some(c) => format!("common:{}", c.id),
                                None => format!("bespoke:{}", super::slug(&s.name)),
                            },
                        };
                        if prop(&r.props, &["xgea:kind"]).is_none() {
                            import
                                .summary
                                .guessed(format!("{} serving a component → infrastructure kind `{kind}`", s.kind));
                        }
                        if let Some(d) = drafts[b].as_mut() {
                            let entry = (kind.to_string(), uses);
                            if !d.infrastructure.contains(&entry) {
                                d.infrastructure.push(entry);
                            }
                        }
                    }
                    _ => {
                        import.summary.skipped(format!("{} relationships between elements that are not mapped", r.kind))
                    }
                }
            }
            "Realization" if t.kind == "Capability" => {
                let Some(&u) = unit_of.get(&r.source) else { continue };
                let id = prop(&t.props, &["xgea:id"])
                    .filter(|id| model.capability(id).is_some())
                    .map(str::to_string)
                    .or_else(|| model.capability(&t.name).map(|c| c.id.clone()))
                    .or_else(|| {
                        model.capabilities.iter().find(|c| c.name.eq_ignore_ascii_case(&t.name)).map(|c| c.id.clone())
                    });
                match id {
                    Some(id) => {
                        if let Some(d) = drafts[u].as_mut()
                            && !d.capabilities.contains(&id)
                        {
                            d.capabilities.push(id);
                        }
                    }
                    None => import.problem(
                        at(t.node.offset),
                        format!("capability `{}` is not one of the model's (by id or name): not imported", t.name),
                    ),
                }
            }
            "Composition" | "Aggregation" | "Assignment" | "Realization" | "Specialization" | "Association"
            | "Access" | "Influence" => {}
            other => import.summary.skipped(format!("{other} relationships")),
        }
    }
    // Interfaces that serve nothing and carry no xgea properties.
    for (&f, &u) in &owner_of {
        if described.contains_key(&f)
            || rels
                .iter()
                .any(|r| (r.source == f || r.target == f) && matches!(r.kind, "Serving" | "Flow" | "Triggering"))
        {
            continue;
        }
        if let Some(d) = drafts[u].as_mut() {
            import.summary.guessed("interfaces serving nothing in the file (counterpart external)");
            d.interfaces.push(DraftInterface {
                name: elements[f].name.clone(),
                direction: Direction::Provides,
                counterpart: Counterpart::External(format!("{}-clients", elements[f].name)),
                standards: Vec::new(),
                note: Some("the file names neither counterpart nor standard".into()),
            });
        }
    }
    // Deterministic interface order: by name, then direction.
    for d in drafts.iter_mut().flatten() {
        d.interfaces.sort_by(|a, b| a.name.cmp(&b.name).then(a.direction.cmp(&b.direction)));
    }
    let names: Vec<String> = components.iter().map(|&i| elements[i].name.clone()).collect();
    import.keep(drafts, &names);
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_entities_and_attributes() {
        let root = parse_xml("<a x=\"1 &amp; 2\"><b>Tom &amp; Jerry&#33;</b><c/></a>").unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attr("x"), Some("1 & 2"));
        assert_eq!(root.child("b").unwrap().text, "Tom & Jerry!");
        assert!(root.child("c").is_some());
        assert!(parse_xml("<a><b></a>").is_err());
        assert!(is_system_id("dwp.pension-credit"));
        assert!(!is_system_id("Pension Credit"));
    }
}
