//! Rendering a plugin's raw config the way the SDK's `interpolate.RenderMap` does.
//!
//! For each top-level key: first every string below it (object keys included) is parsed, so a
//! bad template fails as `invalid '<key>'` even under keys the plugin renders itself later;
//! then, unless the key is excluded (case-insensitively), every string is rendered exactly
//! once, failures reading `render '<key>'`. Messages always name the top-level key and quote
//! the failing string, as Packer's do.

use rpacker_gotmpl::{Error as GoTemplateError, FuncMap};
use serde_json::{Map, Value as Json};

use super::error::{PathSegment, RenderError, RenderOrigin, RenderStage};
use super::render::{parse_only, render_with, suggest_function};
use super::InterpolateContext;
use crate::funcs::packer_funcs;

/// Renders every string of `config` (an object) except under the top-level keys in `exclude`.
/// Anything other than an object is returned unchanged, as the SDK has nothing to walk.
pub fn render_config(config: &Json, ctx: &InterpolateContext, exclude: &[&str]) -> Result<Json, RenderError> {
    let Json::Object(top) = config else {
        return Ok(config.clone());
    };
    let funcs = packer_funcs(ctx);
    let walker = Walker { ctx, funcs: &funcs };
    let mut out = Map::new();
    for (key, raw) in top {
        let mut path = vec![PathSegment::Key(key.clone())];
        walker.validate(raw, &mut path)?;
        let rendered = if exclude.iter().any(|e| e.eq_ignore_ascii_case(key)) {
            raw.clone()
        } else {
            walker.render(raw, &mut path)?
        };
        out.insert(key.clone(), rendered);
    }
    Ok(Json::Object(out))
}

/// The walk over one config, with its function map built once.
struct Walker<'a> {
    ctx: &'a InterpolateContext,
    funcs: &'a FuncMap,
}

impl Walker<'_> {
    fn validate(&self, value: &Json, path: &mut Vec<PathSegment>) -> Result<(), RenderError> {
        match value {
            Json::String(s) => self.validate_string(s, path),
            Json::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                path.push(PathSegment::Index(i));
                let result = self.validate(item, path);
                path.pop();
                result
            }),
            Json::Object(map) => map.iter().try_for_each(|(k, v)| {
                path.push(PathSegment::Key(k.clone()));
                let result = self.validate_string(k, path).and_then(|()| self.validate(v, path));
                path.pop();
                result
            }),
            Json::Null | Json::Bool(_) | Json::Number(_) => Ok(()),
        }
    }

    fn render(&self, value: &Json, path: &mut Vec<PathSegment>) -> Result<Json, RenderError> {
        match value {
            Json::String(s) => self.render_string(s, path).map(Json::String),
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    path.push(PathSegment::Index(i));
                    out.push(self.render(item, path)?);
                    path.pop();
                }
                Ok(Json::Array(out))
            }
            Json::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    path.push(PathSegment::Key(k.clone()));
                    // The key is rendered before its value, as reflectwalk visits them.
                    let key = self.render_string(k, path)?;
                    let value = self.render(v, path)?;
                    path.pop();
                    out.insert(key, value);
                }
                Ok(Json::Object(out))
            }
            Json::Null | Json::Bool(_) | Json::Number(_) => Ok(value.clone()),
        }
    }

    fn validate_string(&self, s: &str, path: &[PathSegment]) -> Result<(), RenderError> {
        if !s.contains("{{") {
            return Ok(());
        }
        parse_only(s, self.funcs).map_err(|e| self.error(e, RenderStage::Parse, path, s))
    }

    fn render_string(&self, s: &str, path: &[PathSegment]) -> Result<String, RenderError> {
        if !s.contains("{{") {
            return Ok(s.to_owned());
        }
        render_with(s, self.ctx, self.funcs).map_err(|(stage, e)| self.error(e, stage, path, s))
    }

    fn error(&self, error: Box<GoTemplateError>, stage: RenderStage, path: &[PathSegment], text: &str) -> RenderError {
        RenderError {
            suggestion: suggest_function(&error, self.funcs),
            error,
            stage,
            path: path.to_vec(),
            text: text.to_owned(),
            origin: RenderOrigin::Config,
        }
    }
}
