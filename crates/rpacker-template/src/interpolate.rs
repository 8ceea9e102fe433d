//! Rendering strings as Go templates with an interpolation context.
