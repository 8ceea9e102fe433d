//! Packer's template functions, as closures for `rpacker-gotmpl`, one file per family.
//!
//! [`packer_funcs`] builds the function map for one interpolation context, like the SDK's
//! `interpolate.Funcs(ctx)`: each closure captures just the facts it needs (user variables,
//! build name, init time…), and the context's extra functions (plugin-provided, such as
//! amazon's `clean_resource_name`) are added last so they can replace a core one.
//! `clean_ami_name` is deliberately absent: Packer 1.5 removed it, so it is an unknown function.

mod args;
mod build_data;
mod build_info;
mod clock;
mod go_case;
pub mod paths;
mod secrets;
mod text;
mod user_env;

use std::sync::Arc;

use rpacker_gotmpl::{ArgType, FuncMap, Signature};

use crate::interpolate::InterpolateContext;

pub use build_data::{placeholder_build_data, COMMON_BUILD_DATA_KEYS, PLACEHOLDER_MESSAGE};
pub use clock::time_ordered_uuid;
pub use user_env::VARIABLE_NOT_SET;

/// The names of Packer's core functions (JSON templates), sorted.
pub const PACKER_FUNCTION_NAMES: [&str; 22] = [
    "aws_secretsmanager",
    "aws_secretsmanager_raw",
    "build",
    "build_name",
    "build_type",
    "consul_key",
    "env",
    "isotime",
    "lower",
    "packer_version",
    "pwd",
    "replace",
    "replace_all",
    "sed",
    "split",
    "strftime",
    "template_dir",
    "timestamp",
    "upper",
    "user",
    "uuid",
    "vault",
];

/// Every function a string rendered with `ctx` may call, besides Go's built-ins. Each is
/// registered with the Go signature Packer declares, so the engine rejects bad argument counts
/// and types with Go's own messages and positions before the closure runs.
#[must_use]
pub fn packer_funcs(ctx: &InterpolateContext) -> FuncMap {
    use ArgType::{Int, String as Str};
    let none = || Signature::fixed(&[]);
    let mut funcs = FuncMap::new();
    let run = Arc::clone(&ctx.run);
    let init = run.init_time;

    let variables = ctx.user_variables.clone();
    let strict = ctx.in_variables_section;
    funcs.insert_with_signature("user", Signature::fixed(&[Str]), move |a| {
        user_env::user(variables.as_deref(), strict, a)
    });
    let (enabled, environment) = (ctx.enable_env, Arc::clone(&run.env));
    funcs.insert_with_signature("env", Signature::fixed(&[Str]), move |a| user_env::env(enabled, &environment, a));

    funcs.insert_with_signature("timestamp", none(), move |a| clock::timestamp(init, a));
    funcs.insert_with_signature("isotime", Signature::with_variadic(&[], Str), move |a| clock::isotime(init, a));
    funcs.insert_with_signature("strftime", Signature::fixed(&[Str]), move |a| clock::strftime(init, a));
    let uuid_source = Arc::clone(&ctx.uuid_source);
    funcs.insert_with_signature("uuid", none(), move |a| clock::uuid(uuid_source.as_ref(), a));

    let environment = Arc::clone(&run.env);
    funcs.insert_with_signature("pwd", none(), move |a| paths::pwd(environment.cwd(), a));
    let (template_path, environment) = (ctx.template_path.clone(), Arc::clone(&run.env));
    funcs.insert_with_signature("template_dir", none(), move |a| {
        paths::template_dir(template_path.as_deref(), environment.cwd(), a)
    });

    funcs.insert_with_signature("split", Signature::fixed(&[Str, Str, Int]), text::split);
    funcs.insert_with_signature("replace", Signature::fixed(&[Str, Str, Int, Str]), text::replace);
    funcs.insert_with_signature("replace_all", Signature::fixed(&[Str, Str, Str]), text::replace_all);
    funcs.insert_with_signature("lower", Signature::fixed(&[Str]), text::lower);
    funcs.insert_with_signature("upper", Signature::fixed(&[Str]), text::upper);
    funcs.insert_with_signature("sed", Signature::fixed(&[Str, Str]), text::sed);

    let build_name = ctx.build_name.clone();
    funcs
        .insert_with_signature("build_name", none(), move |a| build_info::fact("build_name", build_name.as_deref(), a));
    let build_type = ctx.build_type.clone();
    funcs
        .insert_with_signature("build_type", none(), move |a| build_info::fact("build_type", build_type.as_deref(), a));
    let version = run.packer_version.clone();
    funcs.insert_with_signature("packer_version", none(), move |a| {
        build_info::fact("packer_version", Some(&version), a)
    });

    let build_data = ctx.build_data.clone().map(Arc::new);
    funcs
        .insert_with_signature("build", Signature::fixed(&[Str]), move |a| build_data::build(build_data.as_deref(), a));

    let enabled = ctx.enable_env;
    funcs.insert_with_signature("consul_key", Signature::fixed(&[Str]), move |a| secrets::consul_key(enabled, a));
    let environment = Arc::clone(&run.env);
    funcs.insert_with_signature("vault", Signature::fixed(&[Str, Str]), move |a| {
        secrets::vault(enabled, &environment, a)
    });
    funcs.insert_with_signature("aws_secretsmanager", Signature::with_variadic(&[], Str), move |a| {
        secrets::aws_secretsmanager(enabled, a)
    });
    funcs.insert_with_signature("aws_secretsmanager_raw", Signature::fixed(&[Str]), move |a| {
        secrets::aws_secretsmanager_raw(enabled, a)
    });

    // Plugin functions last, keeping the signatures they were declared with.
    funcs.extend_from(&ctx.extra_funcs);
    funcs
}
