//! Pagination: the flow of entries cut into pages. A page breaks before the
//! last entry on it that allows a break; a table row that starts a page gets
//! its table's header rows again.

use crate::typeset::style::Theme;

use super::flow::{Entry, Kind};
use super::{Artifact, OutlineEntry, Page, Tag};

/// Where each entry goes: per page, its entries (index, y) and the table
/// whose header rows repeat at its top.
pub(super) struct PagePlan {
    pages: Vec<Vec<(usize, f32)>>,
    repeated: Vec<Option<usize>>,
}

/// Fill pages with entries. When an entry does not fit, the page breaks at
/// the last entry on it that allows a break before itself.
pub(super) fn plan_pages(entries: &[Entry], headers: &[Vec<Entry>], body_height: f32) -> PagePlan {
    let mut pages: Vec<Vec<(usize, f32)>> = Vec::new(); // entry index, y
    let mut repeated: Vec<Option<usize>> = Vec::new(); // the table whose header rows repeat on each page
    let mut cur: Vec<(usize, f32)> = Vec::new();
    let mut cur_repeat: Option<usize> = None;
    let mut y = 0.0f32;
    let mut page_start = 0usize;
    let mut i = 0usize;
    let new_page = |pages: &mut Vec<Vec<(usize, f32)>>,
                    repeated: &mut Vec<Option<usize>>,
                    cur: &mut Vec<(usize, f32)>,
                    cur_repeat: &mut Option<usize>| {
        pages.push(std::mem::take(cur));
        repeated.push(cur_repeat.take());
    };
    while i < entries.len() {
        let e = &entries[i];
        match e.kind {
            Kind::PageBreak => {
                if !cur.is_empty() {
                    new_page(&mut pages, &mut repeated, &mut cur, &mut cur_repeat);
                    y = 0.0;
                }
                i += 1;
                page_start = i;
                continue;
            }
            Kind::Space if cur.is_empty() => {
                i += 1;
                page_start = i;
                continue;
            }
            _ => {}
        }
        if cur.is_empty() || y + e.height <= body_height + 0.01 {
            if cur.is_empty() && cur_repeat.is_none() && i > page_start {
                page_start = i;
            }
            // A table row starting a page (not the table's first) gets its header again.
            if cur.is_empty()
                && !pages.is_empty()
                && let Some(t) = e.table
            {
                cur_repeat = Some(t);
                y = headers[t].iter().map(|h| h.height).sum();
            }
            cur.push((i, y));
            y += e.height;
            i += 1;
            continue;
        }
        // Does not fit: find where to break.
        let first_on_page = cur.first().map_or(i, |c| c.0);
        let mut j = i;
        while j > first_on_page && !entries[j].break_before {
            j -= 1;
        }
        if j == first_on_page {
            j = i; // nothing better: break right here
        }
        cur.retain(|c| c.0 < j);
        new_page(&mut pages, &mut repeated, &mut cur, &mut cur_repeat);
        y = 0.0;
        i = j;
        page_start = j;
        // Spaces at the top of the new page vanish.
        while i < entries.len() && entries[i].kind == Kind::Space {
            i += 1;
        }
    }
    if !cur.is_empty() || pages.is_empty() {
        new_page(&mut pages, &mut repeated, &mut cur, &mut cur_repeat);
    }

    PagePlan { pages, repeated }
}

/// The page number (1-based) of each heading with an outline entry, in
/// document order.
pub(super) fn heading_pages(entries: &[Entry], plan: &PagePlan) -> Vec<usize> {
    let mut out = Vec::new();
    for (p, placed) in plan.pages.iter().enumerate() {
        out.extend(placed.iter().filter(|(idx, _)| entries[*idx].outline.is_some()).map(|_| p + 1));
    }
    out
}

/// Move each entry's items onto its page.
pub(super) fn place_pages(
    mut entries: Vec<Entry>,
    headers: &[Vec<Entry>],
    plan: PagePlan,
    theme: &Theme,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let PagePlan { pages, repeated } = plan;
    let mut out = Vec::with_capacity(pages.len());
    let mut outline = Vec::new();
    let (left, top) = (theme.margin_left, theme.margin_top);
    for (p, (placed, rep)) in pages.into_iter().zip(repeated).enumerate() {
        let mut page = Page::default();
        let mut hy = 0.0;
        for h in rep.map(|t| headers[t].clone()).unwrap_or_default() {
            for mut item in h.items {
                item.shift(left, top + hy);
                // Read once, where the table starts.
                item.set_tag(Tag::Artifact(Artifact::Repeated));
                page.items.push(item);
            }
            hy += h.height;
        }
        for (idx, y) in placed {
            // Each entry is placed once: its items move onto the page.
            let e = &mut entries[idx];
            if let Some((level, title)) = e.outline.take() {
                outline.push(OutlineEntry { level, title, page: p, y: top + y });
            }
            for mut item in std::mem::take(&mut e.items) {
                item.shift(left, top + y);
                page.items.push(item);
            }
        }
        out.push(page);
    }
    (out, outline)
}
