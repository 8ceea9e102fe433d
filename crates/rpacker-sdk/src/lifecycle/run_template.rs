//! Run-time rendering of plugin strings (Packer's `interpolate.Render` with the build's
//! generated data as `Data`): what prepare left as `{{.ID}}` (the `build` placeholder) or kept
//! unrendered (`execute_command`) gets its real values here. Only `build` is offered besides
//! Go's built-ins: the prepare-time render already ran every other Packer function. Shared by
//! every plugin that renders at run time (shell, file, shell-local, manifest, ansible).

use std::collections::BTreeMap;

use rpacker_gotmpl::{FuncMap, Template, Value};

/// Packer's `interpolate.Render` stops after the string stops changing; this bounds a
/// template that keeps producing new text.
const MAX_PASSES: usize = 100;

/// Renders `src` with `data` as dot and `build "K"` reading the same map, repeating until the
/// text stops changing (so `{{ build "ID" }}` in a variable inserted into a command resolves).
///
/// # Errors
/// Go's parse or execution error text, e.g. `template: root:1: function "x" not defined`.
pub fn render(src: &str, data: &BTreeMap<String, String>) -> Result<String, String> {
    let funcs = build_funcs(data);
    let dot = Value::Map(data.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect());
    let mut text = src.to_owned();
    for _ in 0..MAX_PASSES {
        let template = Template::parse("root", &text, &funcs).map_err(|e| e.to_string())?;
        let next = template.execute(&dot, &funcs).map_err(|e| e.to_string())?;
        if next == text {
            break;
        }
        text = next;
    }
    Ok(text)
}

/// `build "K"`: the generated value, or Packer's text for a key the builder did not provide.
fn build_funcs(data: &BTreeMap<String, String>) -> FuncMap {
    let data = data.clone();
    let mut funcs = FuncMap::new();
    funcs.insert("build", move |args: &[Value]| match args {
        [Value::String(key)] => data
            .get(key)
            .map(|v| Value::String(v.clone()))
            .ok_or_else(|| format!("loaded data, but couldnt find {key} in it.")),
        _ => Err("build takes one string".to_owned()),
    });
    funcs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_generated_data() {
        let data: BTreeMap<String, String> =
            [("ID", "Null"), ("Vars", "X='{{.ID}}' ")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
        let cases: [(&str, Result<&str, &str>); 6] = [
            ("plain", Ok("plain")),
            ("{{.ID}}", Ok("Null")),
            ("{{ build `ID` }}", Ok("Null")),
            ("{{.Nope}}", Ok("<no value>")),
            ("{{.Vars}}sh", Ok("X='Null' sh")),
            ("{{ build `Nope` }}", Err("loaded data, but couldnt find Nope in it.")),
        ];
        for (src, want) in cases {
            let got = render(src, &data);
            match want {
                Ok(w) => assert_eq!(got.as_deref(), Ok(w), "{src}"),
                Err(w) => assert!(got.as_ref().is_err_and(|e| e.contains(w)), "{src}: {got:?}"),
            }
        }
    }
}
