//! The `communicator` option's values.

/// Which communicator a build uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommType {
    /// `ssh` (the default).
    Ssh,
    /// `winrm`.
    WinRm,
    /// `none`: nothing connects; uploads fail, commands succeed without running.
    None,
    /// `docker` (docker builder only).
    Docker,
    /// `dockerWindowsContainer` (docker builder only).
    DockerWindowsContainer,
}

impl CommType {
    /// Parses the option; an empty value means `ssh`. `None` for an unknown name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "" | "ssh" => Some(Self::Ssh),
            "winrm" => Some(Self::WinRm),
            "none" => Some(Self::None),
            "docker" => Some(Self::Docker),
            "dockerWindowsContainer" => Some(Self::DockerWindowsContainer),
            _ => None,
        }
    }

    /// The option value (`ssh`, `winrm`, …), as `{{ .ConnType }}` shows it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ssh => "ssh",
            Self::WinRm => "winrm",
            Self::None => "none",
            Self::Docker => "docker",
            Self::DockerWindowsContainer => "dockerWindowsContainer",
        }
    }
}
