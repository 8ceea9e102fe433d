//! Packer's `GetBuilds`: select builds, look up every plugin they use, then prepare builder →
//! provisioners → error-cleanup provisioner → post-processors. For JSON templates the first
//! failure stops that build's prepare; for HCL2 a builder failure skips the build's plugins but
//! every plugin failure is collected (lifecycle.md §1). Every build's diagnostics are collected,
//! and builds that prepared fine are returned even when others failed (Packer still runs them).

use std::sync::Arc;
use std::time::Duration;

use rpacker_diag::{Diagnostic, Span};
use rpacker_gotmpl::Value;
use rpacker_sdk::config::ConfigErrors;
use rpacker_sdk::{
    Builder, BuilderPlugin, OnError, PackerConfig, PluginConfig, PostProcessor, PostProcessorPlugin, Provisioner,
    ProvisionerPlugin,
};
use rpacker_template::environment::RunInfo;
use rpacker_template::interpolate::{placeholder_build_data, render_to_fixpoint, InterpolateContext};
use rpacker_template::{BuilderDef, Node, PostProcessorDef, ProvisionerDef, Spanned, Template, TemplateLanguage};

use crate::hcl_plugin_errors::{self, HclBlock};
use crate::key_path::span_of_key;
use crate::lifecycle::ProvisionerPolicy;
use crate::{BuildFilter, Initialized, PluginKind, Registry, TemplateRenderer, PACKER_COMPAT_VERSION};

/// Build-wide flags of `build`/`validate`.
#[derive(Debug, Clone, Default)]
pub struct BuildFlags {
    /// `-only` / `-except`.
    pub filter: BuildFilter,
    /// `-debug`.
    pub debug: bool,
    /// `-force`.
    pub force: bool,
    /// `-on-error`.
    pub on_error: OnError,
}

/// One build, ready to run.
#[derive(Debug)]
pub struct PreparedBuild {
    /// The build's name.
    pub name: String,
    /// The builder's type.
    pub builder_type: String,
    /// The prepared builder.
    pub builder: Box<dyn Builder>,
    /// The prepared provisioners, in order.
    pub provisioners: Vec<PreparedProvisioner>,
    /// The prepared error-cleanup provisioner.
    pub error_cleanup_provisioner: Option<PreparedProvisioner>,
    /// The prepared post-processor chains.
    pub post_processors: Vec<Vec<PreparedPostProcessor>>,
}

/// A prepared provisioner with the core's options for it.
#[derive(Debug)]
pub struct PreparedProvisioner {
    /// `type`.
    pub type_name: String,
    /// `pause_before`, `timeout`, `max_retries`.
    pub policy: ProvisionerPolicy,
    /// The provisioner.
    pub plugin: Box<dyn Provisioner>,
}

/// A prepared post-processor with the core's options for it.
#[derive(Debug)]
pub struct PreparedPostProcessor {
    /// `type`.
    pub type_name: String,
    /// `name` (JSON: the type when unset; HCL: empty when unnamed).
    pub name: String,
    /// `keep_input_artifact`, when set.
    pub keep_input_artifact: Option<bool>,
    /// The post-processor.
    pub plugin: Box<dyn PostProcessor>,
}

/// The outcome of GetBuilds.
#[derive(Debug, Default)]
pub struct PreparedBuilds {
    /// Builds that prepared fine, sorted by name.
    pub builds: Vec<PreparedBuild>,
    /// Errors and warnings of all builds.
    pub diagnostics: Vec<Diagnostic>,
    /// Secret values the plugins found in their options, to mask in all output.
    pub secrets: Vec<String>,
}

/// One selected build's pieces, before preparing.
struct BuildPlan<'t> {
    name: String,
    /// What plugins see as `packer_build_name` / `{{build_name}}` (HCL2: the source's name).
    packer_build_name: String,
    builder: &'t BuilderDef,
    provisioners: Vec<&'t ProvisionerDef>,
    error_cleanup_provisioner: Option<&'t ProvisionerDef>,
    chains: Vec<Vec<&'t PostProcessorDef>>,
    /// HCL2: Packer's HCL wording, and every plugin of a stage prepared before the build stops
    /// (stages: provisioners, post-processors, error-cleanup provisioner).
    hcl: bool,
}

impl PreparedBuilds {
    /// Keeps a build that prepared (with its warnings), or the diagnostics of one that did not.
    fn record(&mut self, result: Result<(PreparedBuild, Vec<Diagnostic>), Vec<Diagnostic>>) {
        match result {
            Ok((build, warnings)) => {
                self.diagnostics.extend(warnings);
                self.builds.push(build);
            }
            Err(diags) => self.diagnostics.extend(diags),
        }
    }
}

/// Runs GetBuilds.
#[must_use]
pub fn prepare_builds(
    template: &Template,
    init: &Initialized,
    registry: &Registry,
    flags: &BuildFlags,
    run: &Arc<RunInfo>,
) -> PreparedBuilds {
    if template.language == TemplateLanguage::Hcl2 {
        return prepare_hcl_builds(template, init, registry, flags, run);
    }
    let mut out = PreparedBuilds::default();
    let mut order: Vec<usize> = (0..template.builders.len()).collect();
    order.sort_by(|a, b| init.build_names[*a].cmp(&init.build_names[*b]));
    for index in order {
        let name = &init.build_names[index];
        if !flags.filter.selects(name) {
            continue;
        }
        let plan = plan_build(template, index, name.clone(), &flags.filter);
        // Secrets are kept even when a later plugin of the build fails: its error may show them.
        let result = prepare_build(template, init, registry, flags, run, &plan, &mut out.secrets);
        out.record(result);
    }
    out
}

/// GetBuilds for HCL2: builds in file order, selected by `-only`/`-except` globs.
fn prepare_hcl_builds(
    template: &Template,
    init: &Initialized,
    registry: &Registry,
    flags: &BuildFlags,
    run: &Arc<RunInfo>,
) -> PreparedBuilds {
    let mut out = PreparedBuilds::default();
    // Packer compiles the globs when it selects the first build, and stops if one is invalid.
    if !template.hcl_builds.is_empty() {
        if let Err(diagnostics) = flags.filter.check_globs() {
            out.diagnostics = diagnostics;
            return out;
        }
    }
    for build in &template.hcl_builds {
        if !flags.filter.selects_glob(&build.name) {
            continue;
        }
        let mut chains = Vec::new();
        for chain in &build.post_processors {
            let kept: Vec<&PostProcessorDef> =
                chain.iter().take_while(|pp| !flags.filter.excludes_post_processor_glob(&pp.name.value)).collect();
            if !kept.is_empty() {
                chains.push(kept);
            }
        }
        let plan = BuildPlan {
            name: build.name.clone(),
            packer_build_name: build.source_name.clone(),
            builder: &build.builder,
            provisioners: build.provisioners.iter().collect(),
            error_cleanup_provisioner: build.error_cleanup_provisioner.as_ref(),
            chains,
            hcl: true,
        };
        let result = prepare_build(template, init, registry, flags, run, &plan, &mut out.secrets);
        out.record(result);
    }
    out
}

fn plan_build<'t>(template: &'t Template, builder_index: usize, name: String, filter: &BuildFilter) -> BuildPlan<'t> {
    let raw = template.builders[builder_index].name.value.as_str();
    let applies = |only: &[rpacker_template::Spanned<String>], except: &[rpacker_template::Spanned<String>]| {
        (only.is_empty() || only.iter().any(|o| o.value == raw)) && !except.iter().any(|e| e.value == raw)
    };
    let provisioners = template.provisioners.iter().filter(|p| applies(&p.only, &p.except)).collect();
    let mut chains = Vec::new();
    for chain in &template.post_processors {
        let mut kept = Vec::new();
        for pp in chain {
            if filter.excludes_post_processor(&pp.name.value) {
                break;
            }
            if applies(&pp.only, &pp.except) {
                kept.push(pp);
            }
        }
        if !kept.is_empty() {
            chains.push(kept);
        }
    }
    BuildPlan {
        packer_build_name: name.clone(),
        name,
        builder: &template.builders[builder_index],
        provisioners,
        error_cleanup_provisioner: template.error_cleanup_provisioner.as_ref(),
        chains,
        hcl: false,
    }
}

fn prepare_build(
    template: &Template,
    init: &Initialized,
    registry: &Registry,
    flags: &BuildFlags,
    run: &Arc<RunInfo>,
    plan: &BuildPlan<'_>,
    secrets: &mut Vec<String>,
) -> Result<(PreparedBuild, Vec<Diagnostic>), Vec<Diagnostic>> {
    let def = plan.builder;
    let builder_type = def.type_name.value.clone();
    let raw_name = def.name.value.as_str();
    let init_failed = |detail: String, span: Span| {
        Box::new(
            Diagnostic::error(format!("Failed to initialize build {:?}", plan.name), detail).with_subject(Some(span)),
        )
    };

    // Every plugin is looked up before any is prepared, as Packer starts them all first.
    let plugins = resolve_plugins(registry, plan).map_err(|d| vec![*d])?;
    let base_ctx = InterpolateContext::new(Arc::clone(run))
        .with_user_variables(Arc::clone(&init.user_variables))
        .with_template_path(template.path.clone())
        .with_build(plan.packer_build_name.clone(), builder_type.clone());
    let mut policies = Vec::with_capacity(plan.provisioners.len());
    for p in &plan.provisioners {
        let max_retries = check_max_retries(p, &base_ctx)
            .map_err(|detail| vec![*init_failed(detail, p.max_retries.as_ref().map_or(p.span, |m| m.span))])?;
        policies.push(policy_of(p, max_retries));
    }

    let packer = PackerConfig {
        build_name: plan.packer_build_name.clone(),
        builder_type: builder_type.clone(),
        core_version: PACKER_COMPAT_VERSION.to_owned(),
        debug: flags.debug,
        force: flags.force,
        on_error: flags.on_error,
        template_path: template.path.clone(),
        user_variables: Arc::clone(&init.user_variables),
        sensitive_variables: template.sensitive_variables.iter().map(|s| s.value.clone()).collect(),
    };
    let prepare_failed = |errors: ConfigErrors, configs: &[&Node], fallback: Span| {
        let first = errors.errors.first();
        let span = span_of_key(configs, first.and_then(|e| e.key.as_deref()), fallback);
        let mut diag = Diagnostic::error(format!("Failed to prepare build: {:?}", plan.name), errors.to_string())
            .with_subject(Some(span));
        diag.hints = errors.errors.iter().filter_map(|e| e.hint.clone()).collect();
        Box::new(diag)
    };
    let mut warnings = Vec::new();
    let mut collect = |w: Vec<String>, s: Vec<String>, warnings: &mut Vec<Diagnostic>| {
        if !w.is_empty() {
            warnings.push(Diagnostic::warning(format!("Warning when preparing build: {:?}", plan.name), w.join("\n")));
        }
        secrets.extend(s);
    };

    let builder_renderer = TemplateRenderer::new(base_ctx.clone());
    let builder_config =
        PluginConfig { layers: vec![def.config.to_json()], packer: &packer, renderer: &builder_renderer };
    let prepared = plugins.builder.prepare(&builder_config).map_err(|e| {
        if plan.hcl {
            hcl_plugin_errors::builder_failure(&e, &[&def.config], def.span)
        } else {
            vec![*prepare_failed(e, &[&def.config], def.span)]
        }
    })?;
    if plan.hcl {
        // HCL2: each builder warning is its own diagnostic at the source block.
        let at = Some(def.span);
        warnings.extend(prepared.warnings.iter().map(|w| Diagnostic::warning(w.clone(), "").with_subject(at)));
        collect(Vec::new(), prepared.secrets, &mut warnings);
    } else {
        collect(prepared.warnings, prepared.secrets, &mut warnings);
    }
    let builder = prepared.plugin;

    // Provisioners and post-processors see `{{ build "X" }}` placeholders at prepare time.
    let generated = builder.generated_data_keys();
    let generated: Vec<&str> = generated.iter().map(String::as_str).collect();
    let placeholders = placeholder_build_data(&generated);
    let data = Value::Map(placeholders.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect());
    let plugin_ctx = base_ctx.with_data(data).with_build_data(placeholders);
    let renderer = TemplateRenderer::new(plugin_ctx);

    // JSON stops at the first plugin failure. HCL2 prepares every plugin of a stage and stops
    // after the first stage with failures: provisioners, post-processors, cleanup provisioner.
    let hcl = plan.hcl;
    let sources = template.hcl_sources.as_deref();
    let mut failures: Vec<Diagnostic> = Vec::new();
    let fail = |diag: Diagnostic, failures: &mut Vec<Diagnostic>| -> Result<(), Vec<Diagnostic>> {
        if hcl {
            failures.push(diag);
            Ok(())
        } else {
            Err(vec![diag])
        }
    };
    let end_of_stage = |failures: &mut Vec<Diagnostic>| -> Result<(), Vec<Diagnostic>> {
        if failures.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(failures))
        }
    };
    let plugin_failed = |block: HclBlock<'_>, e: ConfigErrors, configs: &[&Node]| {
        if hcl {
            hcl_plugin_errors::block_failure(block, &e, configs, sources)
        } else {
            *prepare_failed(e, configs, block.span)
        }
    };
    // HCL2: a `build.<key>` the builder does not generate fails the block before it prepares.
    let unknown_keys = |block: HclBlock<'_>, references: &[Spanned<String>]| {
        let unknown: Vec<&Spanned<String>> =
            references.iter().filter(|r| !generated.contains(&r.value.as_str())).collect();
        (!unknown.is_empty()).then(|| hcl_plugin_errors::unknown_build_keys(block, &unknown, sources))
    };

    let mut provisioners = Vec::with_capacity(plan.provisioners.len());
    for ((p, plugin), policy) in plugins.provisioners.iter().zip(policies) {
        if let Some(diag) = unknown_keys(HclBlock::provisioner(p), &p.build_references) {
            fail(diag, &mut failures)?;
            continue;
        }
        let over = p.overrides.iter().find(|(k, _)| k.value == raw_name).map(|(_, v)| v);
        let mut layers = vec![p.config.to_json()];
        let mut configs: Vec<&Node> = Vec::new();
        if let Some(over) = over {
            layers.push(over.to_json());
            configs.push(over);
        }
        configs.push(&p.config);
        let config = PluginConfig { layers, packer: &packer, renderer: &renderer };
        match plugin.prepare(&config) {
            Ok(prepared) => {
                collect(prepared.warnings, prepared.secrets, &mut warnings);
                let type_name = p.type_name.value.clone();
                provisioners.push(PreparedProvisioner { type_name, policy, plugin: prepared.plugin });
            }
            Err(e) => fail(plugin_failed(HclBlock::provisioner(p), e, &configs), &mut failures)?,
        }
    }
    end_of_stage(&mut failures)?;

    let prepare_cleanup = |failures: &mut Vec<Diagnostic>| -> PreparedCleanup {
        let Some((p, plugin)) = &plugins.error_cleanup_provisioner else { return Ok(None) };
        if let Some(diag) = unknown_keys(HclBlock::provisioner(p), &p.build_references) {
            fail(diag, failures)?;
            return Ok(None);
        }
        let config = PluginConfig { layers: vec![p.config.to_json()], packer: &packer, renderer: &renderer };
        match plugin.prepare(&config) {
            Ok(prepared) => {
                let policy = policy_of(p, 0);
                let type_name = p.type_name.value.clone();
                Ok(Some((
                    PreparedProvisioner { type_name, policy, plugin: prepared.plugin },
                    prepared.warnings,
                    prepared.secrets,
                )))
            }
            Err(e) => {
                fail(plugin_failed(HclBlock::provisioner(p), e, &[&p.config]), failures)?;
                Ok(None)
            }
        }
    };
    let mut error_cleanup_provisioner = None;
    // JSON prepares the cleanup provisioner before the post-processors; HCL2 after them.
    if !hcl {
        if let Some((prepared, w, s)) = prepare_cleanup(&mut failures)? {
            collect(w, s, &mut warnings);
            error_cleanup_provisioner = Some(prepared);
        }
    }

    let mut post_processors = Vec::with_capacity(plan.chains.len());
    for chain in &plugins.chains {
        let mut prepared_chain = Vec::with_capacity(chain.len());
        for (pp, plugin) in chain {
            let block = HclBlock::post_processor(pp);
            if let Some(diag) = unknown_keys(block, &pp.build_references) {
                fail(diag, &mut failures)?;
                continue;
            }
            let config = PluginConfig { layers: vec![pp.config.to_json()], packer: &packer, renderer: &renderer };
            match plugin.prepare(&config) {
                Ok(prepared) => {
                    collect(prepared.warnings, prepared.secrets, &mut warnings);
                    prepared_chain.push(PreparedPostProcessor {
                        type_name: pp.type_name.value.clone(),
                        name: pp.display_name.clone(),
                        keep_input_artifact: pp.keep_input_artifact,
                        plugin: prepared.plugin,
                    });
                }
                Err(e) => fail(plugin_failed(block, e, &[&pp.config]), &mut failures)?,
            }
        }
        post_processors.push(prepared_chain);
    }
    end_of_stage(&mut failures)?;
    if hcl {
        if let Some((prepared, w, s)) = prepare_cleanup(&mut failures)? {
            collect(w, s, &mut warnings);
            error_cleanup_provisioner = Some(prepared);
        }
        end_of_stage(&mut failures)?;
    }

    let build = PreparedBuild {
        name: plan.name.clone(),
        builder_type,
        builder,
        provisioners,
        error_cleanup_provisioner,
        post_processors,
    };
    Ok((build, warnings))
}

/// The cleanup provisioner with its warnings and secrets, `None` when there is none or it
/// failed (HCL2 collects the failure); the failures when the build stops.
type PreparedCleanup = Result<Option<(PreparedProvisioner, Vec<String>, Vec<String>)>, Vec<Diagnostic>>;

/// The plugins of one build, looked up by type.
struct ResolvedPlugins<'t, 'r> {
    builder: &'r dyn BuilderPlugin,
    provisioners: Vec<(&'t ProvisionerDef, &'r dyn ProvisionerPlugin)>,
    error_cleanup_provisioner: Option<(&'t ProvisionerDef, &'r dyn ProvisionerPlugin)>,
    chains: Vec<Vec<(&'t PostProcessorDef, &'r dyn PostProcessorPlugin)>>,
}

/// Looks up every plugin of a build; the first unknown type fails the build.
fn resolve_plugins<'t, 'r>(
    registry: &'r Registry,
    plan: &BuildPlan<'t>,
) -> Result<ResolvedPlugins<'t, 'r>, Box<Diagnostic>> {
    let unknown = |kind, type_name: &rpacker_template::Spanned<String>| {
        unknown_plugin(kind, &type_name.value, type_name.span, registry, &plan.name)
    };
    let def = plan.builder;
    let builder = registry.builder(&def.type_name.value).ok_or_else(|| unknown(PluginKind::Builder, &def.type_name))?;
    let provisioner = |p: &'t ProvisionerDef| {
        registry
            .provisioner(&p.type_name.value)
            .map(|plugin| (p, plugin))
            .ok_or_else(|| unknown(PluginKind::Provisioner, &p.type_name))
    };
    let provisioners = plan.provisioners.iter().map(|p| provisioner(p)).collect::<Result<Vec<_>, _>>()?;
    let error_cleanup_provisioner = plan.error_cleanup_provisioner.map(provisioner).transpose()?;
    let chains = plan
        .chains
        .iter()
        .map(|chain| {
            chain
                .iter()
                .map(|pp| {
                    registry
                        .post_processor(&pp.type_name.value)
                        .map(|plugin| (*pp, plugin))
                        .ok_or_else(|| unknown(PluginKind::PostProcessor, &pp.type_name))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ResolvedPlugins { builder, provisioners, error_cleanup_provisioner, chains })
}

/// The core's wrappers for a provisioner.
fn policy_of(p: &ProvisionerDef, max_retries: i64) -> ProvisionerPolicy {
    ProvisionerPolicy {
        pause_before: p.pause_before.as_ref().map_or(Duration::ZERO, |d| d.value),
        timeout: p.timeout.as_ref().map_or(Duration::ZERO, |d| d.value),
        max_retries,
    }
}

/// Packer renders `max_retries` with user variables and parses it as an int at build start.
fn check_max_retries(p: &ProvisionerDef, ctx: &InterpolateContext) -> Result<i64, String> {
    let Some(raw) = &p.max_retries else { return Ok(0) };
    let rendered = render_to_fixpoint(&raw.value, "max_retries", ctx)
        .map_err(|e| format!("failed to interpolate `max_retries`: {e}"))?;
    if rendered.is_empty() {
        return Ok(0);
    }
    rendered.parse::<i64>().map_err(|_| {
        format!("`max_retries` must be a valid integer: strconv.Atoi: parsing {rendered:?}: invalid syntax")
    })
}

/// Current Packer's text for a plugin it does not have, plus the types rpacker does have.
fn unknown_plugin(kind: PluginKind, type_name: &str, span: Span, registry: &Registry, build: &str) -> Box<Diagnostic> {
    let word = kind.word();
    let prefix = type_name.split('-').next().unwrap_or(type_name);
    let detail = format!(
        "The {word} {type_name} is unknown by Packer, and is likely part of a plugin that is not installed.\nYou may find the needed plugin along with installation instructions documented on the Packer integrations page.\n\nhttps://developer.hashicorp.com/packer/integrations?filter={prefix}"
    );
    let known = registry.names(kind);
    let mut diag = Diagnostic::error(format!("Failed to initialize build {build:?}"), detail).with_subject(Some(span));
    if let Some(close) = rpacker_diag::suggest::closest(type_name, known.iter().copied()) {
        diag = diag.with_hint(format!("Did you mean to use {close:?}?"));
    }
    Box::new(diag.with_hint(format!("rpacker supports these {word} types: {}", known.join(", "))))
}
