//! [`InterpolateContext`]: everything one render needs to know.
//!
//! Packer's `interpolate.Context` is filled differently at each stage (variables, builder
//! names, plugin configs, run-time re-renders); here each stage starts from
//! [`InterpolateContext::new`] or [`InterpolateContext::for_variables`] and adds what it has
//! with the `with_*` methods, so what a stage may see is spelled out where it renders.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use rpacker_gotmpl::{FuncMap, Value};

use crate::environment::RunInfo;
use crate::funcs::time_ordered_uuid;

/// Where `uuid` gets its values (the time-ordered generator, or a fixed one in tests).
pub type UuidSource = Arc<dyn Fn() -> String + Send + Sync>;

/// The facts a render may use.
#[derive(Clone)]
pub struct InterpolateContext {
    /// The run: init time, run UUID, environment, Packer version.
    pub run: Arc<RunInfo>,
    /// The rendered user variables; `None` when the context has none at all (Packer's nil map,
    /// e.g. plugin configs of HCL2 templates), where `user` fails with `test`.
    pub user_variables: Option<Arc<BTreeMap<String, String>>>,
    /// Rendering the `variables` section: `user` of an undefined name is then an error
    /// (`Error: variable not set: <name>`, which drives the retry) instead of empty.
    pub in_variables_section: bool,
    /// Whether `env`, `consul_key`, `vault` and `aws_secretsmanager*` may run (Packer's
    /// `EnableEnv`, set only for `variables`).
    pub enable_env: bool,
    /// The build being configured (`build_name`).
    pub build_name: Option<String>,
    /// Its builder type (`build_type`).
    pub build_type: Option<String>,
    /// The template file's absolute path (`-` for stdin): `template_dir` is its directory.
    pub template_path: Option<PathBuf>,
    /// The data `.` refers to (`{{ .HTTPIP }}`).
    pub data: Value,
    /// What `build "Key"` reads: placeholders at prepare time, generated data at run time.
    pub build_data: Option<BTreeMap<String, String>>,
    /// Functions added by the plugin being configured (e.g. amazon's `clean_resource_name`);
    /// they replace core functions of the same name.
    pub extra_funcs: FuncMap,
    /// The generator behind `uuid`.
    pub uuid_source: UuidSource,
}

impl InterpolateContext {
    /// A context for rendering outside `variables`: no environment access, unknown `user`
    /// names render empty, an empty set of user variables, no build, no data.
    #[must_use]
    pub fn new(run: Arc<RunInfo>) -> Self {
        Self {
            run,
            user_variables: Some(Arc::new(BTreeMap::new())),
            in_variables_section: false,
            enable_env: false,
            build_name: None,
            build_type: None,
            template_path: None,
            data: Value::Nil,
            build_data: None,
            extra_funcs: FuncMap::new(),
            uuid_source: Arc::new(time_ordered_uuid),
        }
    }

    /// A context for rendering the `variables` section: `env` and the secret stores allowed,
    /// unknown `user` names are errors.
    #[must_use]
    pub fn for_variables(run: Arc<RunInfo>) -> Self {
        Self { in_variables_section: true, enable_env: true, ..Self::new(run) }
    }

    /// With these user variables.
    #[must_use]
    pub fn with_user_variables(mut self, variables: Arc<BTreeMap<String, String>>) -> Self {
        self.user_variables = Some(variables);
        self
    }

    /// With no user variables at all (Packer's nil map).
    #[must_use]
    pub fn without_user_variables(mut self) -> Self {
        self.user_variables = None;
        self
    }

    /// With the template's path (`None` when the template has no file).
    #[must_use]
    pub fn with_template_path(mut self, path: Option<PathBuf>) -> Self {
        self.template_path = path;
        self
    }

    /// Inside the build `name` of builder type `type_name`.
    #[must_use]
    pub fn with_build(mut self, name: String, type_name: String) -> Self {
        self.build_name = Some(name);
        self.build_type = Some(type_name);
        self
    }

    /// With `data` as `.`.
    #[must_use]
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }

    /// With the map `build "Key"` reads.
    #[must_use]
    pub fn with_build_data(mut self, data: BTreeMap<String, String>) -> Self {
        self.build_data = Some(data);
        self
    }

    /// With `env` (and the secret stores) allowed or not.
    #[must_use]
    pub fn with_env_enabled(mut self, enabled: bool) -> Self {
        self.enable_env = enabled;
        self
    }

    /// With an extra function (plugin-provided).
    #[must_use]
    pub fn with_func(
        mut self,
        name: &str,
        func: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Self {
        self.extra_funcs.insert(name, func);
        self
    }

    /// With `uuid` drawing from `source` (tests fix it to compare whole renders).
    #[must_use]
    pub fn with_uuid_source(mut self, source: UuidSource) -> Self {
        self.uuid_source = source;
        self
    }
}

impl fmt::Debug for InterpolateContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InterpolateContext")
            .field("run", &self.run)
            .field("user_variables", &self.user_variables)
            .field("in_variables_section", &self.in_variables_section)
            .field("enable_env", &self.enable_env)
            .field("build_name", &self.build_name)
            .field("build_type", &self.build_type)
            .field("template_path", &self.template_path)
            .field("data", &self.data)
            .field("build_data", &self.build_data)
            .field("extra_funcs", &self.extra_funcs)
            .finish_non_exhaustive()
    }
}
