//! `user` and `env`: reading user variables and the environment.
//!
//! Both behave differently while `variables` are being rendered. There, `env` is allowed and
//! `user` of an unknown name is an error (`Error: variable not set: x`) that makes the variable
//! renderer retry after other variables are set. Everywhere else `env` is refused (configs must
//! not depend on the environment except through variables) and an unknown `user` is empty.

use std::collections::BTreeMap;

use rpacker_gotmpl::Value;

use super::args;
use crate::environment::Environment;

/// The error text that marks a render for retry (`interpolate.ErrVariableNotSetString`).
pub const VARIABLE_NOT_SET: &str = "Error: variable not set:";

/// `user "name"`. `variables` is `None` when the context carries no user variables at all
/// (Packer then fails with the message `test`, sic).
pub(crate) fn user(variables: Option<&BTreeMap<String, String>>, strict: bool, a: &[Value]) -> Result<Value, String> {
    let [name] = args::strings::<1>("user", a)?;
    let Some(variables) = variables else {
        return Err("test".to_owned());
    };
    match variables.get(&name) {
        Some(value) => Ok(Value::String(value.clone())),
        None if strict => Err(format!("{VARIABLE_NOT_SET} {name}")),
        None => Ok(Value::String(String::new())),
    }
}

/// `env "NAME"`: the variable's value, empty when unset.
pub(crate) fn env(enabled: bool, environment: &Environment, a: &[Value]) -> Result<Value, String> {
    let [name] = args::strings::<1>("env", a)?;
    if !enabled {
        return Err("env vars are not allowed here".to_owned());
    }
    Ok(Value::String(environment.get(&name).unwrap_or_default().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case's expected value or error text.
    type Expected = Result<&'static str, &'static str>;
    /// What a function returned.
    type Outcome = Result<Value, String>;

    #[test]
    fn user_and_env_cases() {
        let vars: BTreeMap<String, String> = [("a".to_owned(), "x".to_owned())].into();
        let environment = Environment::new([("HOME".to_owned(), "/root".to_owned())], "/");
        let s = |v: &str| [Value::from(v)];
        let cases: Vec<(&str, Outcome, Expected)> = vec![
            ("user set", user(Some(&vars), false, &s("a")), Ok("x")),
            // verified with packer 1.6.6: `{{ user "nope" }}` in console renders empty
            ("user unset elsewhere", user(Some(&vars), false, &s("nope")), Ok("")),
            ("user unset in variables", user(Some(&vars), true, &s("nope")), Err("Error: variable not set: nope")),
            ("user no variables", user(None, false, &s("a")), Err("test")),
            ("user arity", user(Some(&vars), false, &[]), Err("wrong number of args for user: want 1 got 0")),
            ("env in variables", env(true, &environment, &s("HOME")), Ok("/root")),
            ("env unset", env(true, &environment, &s("NOPE")), Ok("")),
            // verified with packer 1.6.6 (`render 'inline': … error calling env: env vars are not allowed here`)
            ("env elsewhere", env(false, &environment, &s("HOME")), Err("env vars are not allowed here")),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, want.map(Value::from).map_err(str::to_owned), "{name}");
        }
    }
}
