//! The helpers templates call: Thai dates (`date_long`, `month_year`,
//! `be_year`), numbers and digits, sorting and filtering lists.

use chrono::{Datelike, NaiveDate};
use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonRender, JsonTruthy, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, handlebars_helper,
};
use serde_json::Value;

use crate::thai;

fn date_arg(v: &Value) -> Option<NaiveDate> {
    v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

fn need_date(h: &Helper, i: usize) -> std::result::Result<NaiveDate, RenderError> {
    let v = h.param(i).map(|p| p.value().clone()).unwrap_or(Value::Null);
    date_arg(&v).ok_or_else(|| {
        RenderErrorReason::Other(format!(
            "helper `{}`: argument {} should be a date (YYYY-MM-DD), got {v}",
            h.name(),
            i + 1
        ))
        .into()
    })
}

fn number_arg(h: &Helper, i: usize) -> std::result::Result<f64, RenderError> {
    let v = h.param(i).map(|p| p.value().clone()).unwrap_or(Value::Null);
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).ok_or_else(|| {
        RenderErrorReason::Other(format!("helper `{}`: argument {} should be a number, got {v}", h.name(), i + 1))
            .into()
    })
}

fn write(out: &mut dyn Output, s: &str) -> HelperResult {
    out.write(s)?;
    Ok(())
}

/// `{{date_long d}}` -> "7 กุมภาพันธ์ 2566"
fn date_long(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::date_long(need_date(h, 0)?))
}

/// `{{date_short d}}` -> "7 ก.พ. 66"
fn date_short(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::date_short(need_date(h, 0)?))
}

/// `{{month_year d}}` -> "กุมภาพันธ์ 2566"
fn month_year(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::month_year(need_date(h, 0)?))
}

/// `{{date_range start end}}` -> "7-12 กุมภาพันธ์ 2566"; `short=true` for abbreviations.
fn date_range(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let short = h.hash_get("short").is_some_and(|v| v.value().as_bool() == Some(true));
    write(out, &thai::date_range(need_date(h, 0)?, need_date(h, 1)?, short))
}

/// `{{when x}}` for anything with `start`/`end`, `date` or `year`: the Thai
/// date or range, or "พ.ศ. 2547" when only the year is known.
fn when(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
    let short = h.hash_get("short").is_some_and(|v| v.value().as_bool() == Some(true));
    let start = date_arg(&v["start"]).or_else(|| date_arg(&v["date"]));
    let end = date_arg(&v["end"]).or(start);
    let text = match (start, end) {
        (Some(s), Some(e)) => thai::date_range(s, e, short),
        _ => match v["year"].as_i64() {
            Some(y) => format!("พ.ศ. {}", y + 543),
            None => {
                return Err(RenderErrorReason::Other(format!("helper `when`: {v} has no start, date or year")).into());
            }
        },
    };
    write(out, &text)
}

/// `{{be_year 2004}}` or `{{be_year "2004-06-11"}}` -> 2547
fn be_year(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
    let year = match date_arg(&v) {
        Some(d) => d.year() as i64,
        None => number_arg(h, 0)? as i64,
    };
    write(out, &(year + 543).to_string())
}

/// `{{number 260000000}}` -> "260,000,000"; `decimals=1`.
fn number(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let decimals = h.hash_get("decimals").and_then(|v| v.value().as_u64()).unwrap_or(0) as usize;
    write(out, &thai::group_number(number_arg(h, 0)?, decimals))
}

/// `{{thai_digits "หน้า 12"}}` -> "หน้า ๑๒" (escaped like any value).
fn thai_digits(h: &Helper, r: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let v = h.param(0).map(|p| p.value().render()).unwrap_or_default();
    write(out, &r.get_escape_fn()(&thai::thai_digits(&v)))
}

/// `{{years_between from to}}` -> whole years, e.g. for "ความสัมพันธ์ 22 ปี".
fn years_between(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    write(out, &thai::whole_years(need_date(h, 0)?, need_date(h, 1)?).to_string())
}

handlebars_helper!(eq: |a: Value, b: Value| a == b);
handlebars_helper!(len: |a: Value| match a { Value::Array(v) => v.len(), Value::String(s) => s.chars().count(), Value::Object(m) => m.len(), _ => 0 });
handlebars_helper!(inc: |a: i64| a + 1);

/// The first day of anything dated, as a sortable string.
pub(super) fn sort_key(v: &Value) -> String {
    for k in ["start", "date"] {
        if let Some(s) = v[k].as_str() {
            return s.to_string();
        }
    }
    v["year"].as_i64().map(|y| format!("{y:04}-00-00")).unwrap_or_default()
}

/// `(newest_first list)` / `(oldest_first list)`: sorted by start date.
pub(super) fn sorted(list: &Value, newest: bool) -> Value {
    let mut items = list.as_array().cloned().unwrap_or_default();
    items.sort_by_key(sort_key);
    if newest {
        items.reverse();
    }
    Value::Array(items)
}
handlebars_helper!(newest_first: |list: Value| sorted(&list, true));
handlebars_helper!(oldest_first: |list: Value| sorted(&list, false));

/// `(within_months list 24 today)`: items whose first day is within the last
/// N months before `today`, newest first.
pub(super) fn within_months(list: &Value, months: u32, today: &str) -> Value {
    let Some(today) = date_arg(&Value::String(today.to_string())) else { return Value::Array(Vec::new()) };
    let from = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(today);
    let keep = |v: &Value| {
        let k = sort_key(v);
        k.as_str() >= from.format("%Y-%m-%d").to_string().as_str()
            && k.as_str() <= today.format("%Y-%m-%d").to_string().as_str()
    };
    let items: Vec<Value> = sorted(list, true).as_array().into_iter().flatten().filter(|v| keep(v)).cloned().collect();
    Value::Array(items)
}
handlebars_helper!(within_months_h: |list: Value, months: u64, today: str| within_months(&list, months as u32, today));

/// `(count_by_year interactions)`: [{x: Buddhist-Era year, y: count}] for
/// the years that have interactions, oldest first. With `kinds="a b"` only
/// those kinds are counted, with `except="a b"` all but those; the years are
/// still every year of the list (zero where none), so series side by side in
/// one chart share their x values.
pub(super) fn count_by_year(list: &Value, kinds: Option<&str>, except: Option<&str>) -> Value {
    let year_of = |v: &Value| v["year"].as_i64().or_else(|| sort_key(v).get(..4).and_then(|y| y.parse().ok()));
    let items: Vec<&Value> = list.as_array().into_iter().flatten().collect();
    let counted = |v: &Value| {
        let kind = v["kind"].as_str().unwrap_or("");
        kinds.is_none_or(|k| k.split_whitespace().any(|k| k == kind))
            && except.is_none_or(|k| !k.split_whitespace().any(|k| k == kind))
    };
    let mut years: Vec<i64> = items.iter().filter_map(|v| year_of(v)).collect();
    years.sort_unstable();
    years.dedup();
    Value::Array(
        years
            .into_iter()
            .map(|y| {
                let n = items.iter().filter(|v| year_of(v) == Some(y) && counted(v)).count();
                serde_json::json!({"x": (y + 543).to_string(), "y": n})
            })
            .collect(),
    )
}

handlebars_helper!(count_by_year_h: |list: Value, {kinds: str = "", except: str = ""}|
    count_by_year(&list, Some(kinds).filter(|k| !k.is_empty()), Some(except).filter(|k| !k.is_empty())));

// `(first_n list 5)`
handlebars_helper!(first_n: |list: Value, n: u64| Value::Array(list.as_array().map(|a| a.iter().take(n as usize).cloned().collect()).unwrap_or_default()));

// `(where list "side" "partner")`: items whose field equals the value.
handlebars_helper!(where_eq: |list: Value, field: str, value: Value| Value::Array(list.as_array().map(|a| a.iter().filter(|v| v[field] == value).cloned().collect()).unwrap_or_default()));

/// `(person people "vibharat")`: the entry with that id, or an error naming it.
fn person(h: &Helper, _: &Handlebars, _: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let list = h.param(0).map(|p| p.value().clone()).unwrap_or(Value::Null);
    let id = h.param(1).map(|p| p.value().render()).unwrap_or_default();
    let found = list.as_array().and_then(|a| a.iter().find(|p| p["id"].as_str() == Some(id.as_str())));
    match found {
        Some(p) => write(out, &p["name_th"].render()),
        None => Err(RenderErrorReason::Other(format!("helper `person`: no person with id `{id}`")).into()),
    }
}

/// A helper written as a function, made as strict as the templates: a
/// parameter that names nothing in the data is an error naming it (the
/// helpers `handlebars_helper!` makes check this themselves), not a null
/// the helper would call a wrong type.
type HelperFn = fn(&Helper, &Handlebars, &Context, &mut RenderContext, &mut dyn Output) -> HelperResult;

fn strict(f: HelperFn) -> Box<dyn handlebars::HelperDef + Send + Sync> {
    Box::new(move |h: &Helper, r: &Handlebars, c: &Context, rc: &mut RenderContext, out: &mut dyn Output| {
        match h.params().iter().chain(h.hash().values()).find(|p| p.is_value_missing()) {
            Some(p) => Err(RenderError::strict_error(p.relative_path())),
            None => f(h, r, c, rc, out),
        }
    })
}

/// `if` and `unless` as strict as the rest of the templates: handlebars'
/// own take a name that is not in the data for false, so a misspelt
/// `{{#if titel_th}}` hid its block without a word. A name that is in the
/// data with no value (null, "", [], false, 0) is false, as before.
/// (Handlebars keeps its own `if` private: its dozen lines are repeated here.)
struct StrictIf {
    positive: bool,
}

impl handlebars::HelperDef for StrictIf {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        c: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = if self.positive { "if" } else { "unless" };
        let param = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?;
        if param.is_value_missing() {
            return Err(RenderError::strict_error(param.relative_path()));
        }
        let include_zero = h.hash_get("includeZero").and_then(|v| v.value().as_bool()).unwrap_or(false);
        let shown = if param.value().is_truthy(include_zero) == self.positive { h.template() } else { h.inverse() };
        match shown {
            Some(t) => t.render(r, c, rc, out),
            None => Ok(()),
        }
    }
}

pub(super) fn register_helpers(hb: &mut Handlebars) {
    hb.register_helper("if", Box::new(StrictIf { positive: true }));
    hb.register_helper("unless", Box::new(StrictIf { positive: false }));
    hb.register_helper("date_long", strict(date_long));
    hb.register_helper("date_short", strict(date_short));
    hb.register_helper("month_year", strict(month_year));
    hb.register_helper("date_range", strict(date_range));
    hb.register_helper("when", strict(when));
    hb.register_helper("be_year", strict(be_year));
    hb.register_helper("number", strict(number));
    hb.register_helper("thai_digits", strict(thai_digits));
    hb.register_helper("years_between", strict(years_between));
    hb.register_helper("eq", Box::new(eq));
    hb.register_helper("len", Box::new(len));
    hb.register_helper("inc", Box::new(inc));
    hb.register_helper("newest_first", Box::new(newest_first));
    hb.register_helper("oldest_first", Box::new(oldest_first));
    hb.register_helper("within_months", Box::new(within_months_h));
    hb.register_helper("first_n", Box::new(first_n));
    hb.register_helper("where", Box::new(where_eq));
    hb.register_helper("person", strict(person));
    hb.register_helper("count_by_year", Box::new(count_by_year_h));
}
