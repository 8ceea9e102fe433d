//! What a running build reports, as data: the CLI turns these into Packer's human UI (prefixes,
//! colours, timestamps, secret masking), `-machine-readable` lines or logs. Libraries never
//! print; they emit [`Event`]s into an [`EventSink`].

/// One thing a build reported. `target` is the UI target: the build name, or
/// `<build> (<post-processor type>)` for a post-processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Packer's `ui.Say` (`==> <target>: <text>`).
    Say {
        /// Who speaks.
        target: String,
        /// The message (may span lines; each gets the prefix).
        text: String,
    },
    /// Packer's `ui.Message` (`    <target>: <text>`): output of a remote command, details.
    Message {
        /// Who speaks.
        target: String,
        /// The message.
        text: String,
    },
    /// Packer's `ui.Error` (`==> <target>: <text>`, red).
    Error {
        /// Who speaks.
        target: String,
        /// The message.
        text: String,
    },
    /// A builder step starts running (for logs; Packer prints nothing).
    StepStarted {
        /// The build.
        target: String,
        /// The step's Go type name (`StepConnect`).
        step: &'static str,
    },
    /// A builder step's cleanup starts (for logs; Packer prints nothing).
    StepCleanup {
        /// The build.
        target: String,
        /// The step's Go type name.
        step: &'static str,
    },
    /// A build ended: Packer's `Build 'x' finished after …` / `errored after …` line, printed on
    /// the build's coloured, timestamped UI but without the target prefix.
    BuildEnded {
        /// The build.
        target: String,
        /// The whole line.
        text: String,
        /// Printed as an error (red) rather than a Say.
        errored: bool,
    },
    /// A builder or post-processor produced an artifact (for logs; Packer prints nothing).
    ArtifactProduced {
        /// The build, or `<build> (<type>)` for a post-processor.
        target: String,
        /// The artifact's `BuilderId()`.
        builder_id: String,
        /// The artifact's `Id()`.
        id: String,
        /// The artifact's `String()`.
        description: String,
    },
}

/// Where events go. Implemented by the CLI's renderers (and by test recorders); must be
/// shareable between parallel builds.
pub trait EventSink: Send + Sync {
    /// Takes one event. Must not block for long: builds call it inline.
    fn emit(&self, event: Event);
}
