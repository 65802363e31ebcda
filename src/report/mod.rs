//! The report stage: turns a finished run folder's tables into what people read and
//! reuse — `report.html`, `charts/`, `baseline.xlsx` and `summary.json` — each written
//! by its own exporter from one [`Report`] worked out once.

pub mod charts;
mod draw;
mod findings;
mod html;
pub mod maps;
mod missing;
pub mod page;
mod spend;
pub mod summary;
pub mod tables;
mod words;
mod workbook;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::sources::Source;
use crate::output::{Staging, write_json};
use charts::Chart;
use page::Page;
use summary::Summary;
use tables::RunTables;

/// Everything the exporters need, worked out from the run folder.
pub struct Report {
    pub tables: RunTables,
    pub summary: Summary,
    pub charts: Vec<Chart>,
    /// Each chart drawn as SVG, in the order of `charts`.
    pub svgs: Vec<String>,
    /// The maps the run folder's layers allow, and what to add for the others.
    pub maps: maps::Maps,
    /// Each map drawn as SVG, in the order of `maps.maps`.
    pub map_svgs: Vec<String>,
    pub sources: Vec<Source>,
    pub page: Page,
}

impl Report {
    /// Reads the run folder and works out the summary, charts and page.
    pub fn build(dir: &Path) -> anyhow::Result<Self> {
        let tables = RunTables::read(dir)?;
        let sources = crate::config::sources::read(dir)?;
        let summary = Summary::of(&tables, &sources);
        let charts = charts::all(&tables, &summary);
        let svgs = charts
            .par_iter()
            .map(draw::svg)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let maps = maps::all(dir, &tables.gaps)?;
        let map_svgs = maps.maps.par_iter().map(maps::Map::svg).collect();
        let page = build(&tables, &summary, &charts, &sources, &maps);
        Ok(Report {
            tables,
            summary,
            charts,
            svgs,
            maps,
            map_svgs,
            sources,
            page,
        })
    }
}

/// One output format of the report.
pub trait Exporter: Sync {
    /// What it writes, relative to the run folder.
    fn files(&self, report: &Report) -> Vec<String>;
    /// Writes its files through `staging`; nothing is in place until the stage commits.
    fn export(&self, report: &Report, staging: &mut Staging) -> anyhow::Result<()>;
}

/// `charts/NAME.svg` and `charts/NAME.png` for every chart and map.
pub struct ChartFiles;
/// `report.html`.
pub struct HtmlReport;
/// `baseline.xlsx`.
pub struct WorkbookFile;
/// `summary.json`.
pub struct SummaryJson;

impl Exporter for ChartFiles {
    fn files(&self, report: &Report) -> Vec<String> {
        (report.charts.iter().map(|c| c.id))
            .chain(report.maps.maps.iter().map(|m| m.id))
            .flat_map(|id| [format!("charts/{id}.svg"), format!("charts/{id}.png")])
            .collect()
    }

    fn export(&self, report: &Report, staging: &mut Staging) -> anyhow::Result<()> {
        let pngs = report
            .charts
            .par_iter()
            .map(draw::png)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let map_pngs = (report.maps.maps.par_iter())
            .map(maps::Map::png)
            .collect::<anyhow::Result<Vec<_>>>()?;
        let ids = (report.charts.iter().map(|c| c.id)).chain(report.maps.maps.iter().map(|m| m.id));
        let svgs = report.svgs.iter().chain(&report.map_svgs);
        for ((id, svg), png) in ids.zip(svgs).zip(pngs.into_iter().chain(map_pngs)) {
            staging.write(&format!("charts/{id}.svg"), |w| {
                Ok(w.write_all(svg.as_bytes())?)
            })?;
            staging.write(&format!("charts/{id}.png"), |w| Ok(w.write_all(&png)?))?;
        }
        Ok(())
    }
}

impl Exporter for HtmlReport {
    fn files(&self, _: &Report) -> Vec<String> {
        vec!["report.html".into()]
    }

    fn export(&self, report: &Report, staging: &mut Staging) -> anyhow::Result<()> {
        let charts: Vec<(&str, &str, &str)> = (report.charts.iter().zip(&report.svgs))
            .map(|(c, svg)| (c.id, c.title.as_str(), svg.as_str()))
            .chain(
                (report.maps.maps.iter().zip(&report.map_svgs))
                    .map(|(m, svg)| (m.id, m.title.as_str(), svg.as_str())),
            )
            .collect();
        let html = html::render(&report.page, &charts)?;
        staging.write("report.html", |w| Ok(w.write_all(html.as_bytes())?))
    }
}

impl Exporter for WorkbookFile {
    fn files(&self, _: &Report) -> Vec<String> {
        vec!["baseline.xlsx".into()]
    }

    fn export(&self, report: &Report, staging: &mut Staging) -> anyhow::Result<()> {
        let bytes = workbook::build(&report.tables, &report.summary, &report.sources)?;
        staging.write("baseline.xlsx", |w| Ok(w.write_all(&bytes)?))
    }
}

impl Exporter for SummaryJson {
    fn files(&self, _: &Report) -> Vec<String> {
        vec!["summary.json".into()]
    }

    fn export(&self, report: &Report, staging: &mut Staging) -> anyhow::Result<()> {
        staging.write("summary.json", |w| write_json(w, &report.summary))
    }
}

/// Every exporter, in the order their files are put in place (the page last, so a
/// folder with a new report.html has the charts and workbook it refers to).
pub const EXPORTERS: [&dyn Exporter; 4] = [&ChartFiles, &WorkbookFile, &SummaryJson, &HtmlReport];

/// Writes the report into the run folder; returns the report and the files written.
pub fn write(dir: &Path) -> anyhow::Result<(Report, Vec<PathBuf>)> {
    let report = Report::build(dir)?;
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", charts_dir.display()))?;
    let mut staging = Staging::new(dir)?;
    for e in EXPORTERS {
        e.export(&report, &mut staging)?;
    }
    let written = staging.commit()?;
    remove_stale_charts(&charts_dir, &report)?;
    Ok((report, written))
}

/// Chart files an earlier run drew that this one did not (a chart with no data is not
/// drawn), so charts/ always matches the report beside it.
fn remove_stale_charts(dir: &Path, report: &Report) -> anyhow::Result<()> {
    let keep = ChartFiles.files(report);
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = format!(
            "charts/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let ours = path.extension().is_some_and(|e| e == "svg" || e == "png");
        if ours && !keep.contains(&name) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Builds the page: every section in the order the issue of record lists them.
fn build(
    t: &RunTables,
    s: &Summary,
    charts: &[Chart],
    sources: &[Source],
    maps: &maps::Maps,
) -> Page {
    let has = |id: &str| charts.iter().any(|c| c.id == id);
    let mut sections = vec![
        words::summary(t, s, has("trend")),
        words::reconciliation(t),
        words::influenceable(t, s),
    ];
    sections.extend(spend::sections(t, s, &has));
    sections.push(maps::section(maps));
    sections.extend(findings::sections(t, s, &has, sources));
    for section in &mut sections {
        section.long = section.lines() >= page::LONG_SECTION;
    }
    Page {
        title: s.study.clone(),
        subtitle: match (&s.year, s.year_status.as_deref()) {
            (Some(y), Some("partial")) => format!(
                "Progressive procurement baseline for the partial financial year {y}, with the gaps where local \
                 democratic enterprise could grow"
            ),
            (Some(y), _) => format!(
                "Progressive procurement baseline for the financial year {y}, with the gaps where local \
                 democratic enterprise could grow"
            ),
            (None, _) => "Progressive procurement baseline: no dated spend was found".into(),
        },
        sections,
    }
}
