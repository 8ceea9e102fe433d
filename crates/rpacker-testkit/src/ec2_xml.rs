//! Just enough reading and editing of EC2 query-API answers for the latency proxy, as the rig's
//! `latency_proxy.py` does it: the `<item>`s of a set, an item with its nested items blanked out
//! (so a search finds only its own fields), a field's text and where it is, and edits applied
//! from the end so earlier offsets stay valid. Byte offsets throughout.

use std::ops::Range;

/// Offsets of the `<item>` and `</item>` tags in `text`, with whether each one closes.
fn item_tags(text: &str) -> Vec<(usize, usize, bool)> {
    let mut tags = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find("item>") {
        let end = pos + found + "item>".len();
        let start = pos + found;
        if text[..start].ends_with("</") {
            tags.push((start - 2, end, true));
        } else if text[..start].ends_with('<') {
            tags.push((start - 1, end, false));
        }
        pos = end;
    }
    tags
}

/// Spans of the direct `<item>` children of every `<set_tag>` (up to its first close tag).
pub(crate) fn items_of(xml: &str, set_tag: &str) -> Vec<Range<usize>> {
    let (open, close) = (format!("<{set_tag}>"), format!("</{set_tag}>"));
    let mut spans = Vec::new();
    let mut pos = 0;
    while let Some(found) = xml[pos..].find(&open) {
        let body_start = pos + found + open.len();
        let Some(close_at) = xml[body_start..].find(&close).map(|c| body_start + c) else { break };
        let mut depth = 0usize;
        let mut start = None;
        for (a, b, closing) in item_tags(&xml[body_start..close_at]) {
            if closing {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(s) = start.take() {
                        spans.push(body_start + s..body_start + b);
                    }
                }
            } else {
                if depth == 0 {
                    start = Some(a);
                }
                depth += 1;
            }
        }
        pos = close_at + close.len();
    }
    spans
}

/// `item` (one `<item>…</item>`) with its nested items replaced by spaces of the same length.
pub(crate) fn mask_nested(item: &str) -> String {
    let body_start = item.find('>').map_or(0, |p| p + 1);
    let body_end = item.rfind('<').filter(|e| *e >= body_start).unwrap_or(item.len());
    let mut bytes = item.as_bytes().to_vec();
    let mut depth = 0usize;
    let mut start = 0;
    for (a, b, closing) in item_tags(&item[body_start..body_end]) {
        if closing {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                bytes[body_start + start..body_start + b].fill(b' ');
            }
        } else {
            if depth == 0 {
                start = a;
            }
            depth += 1;
        }
    }
    if depth > 0 {
        bytes[body_start + start..body_end].fill(b' ');
    }
    // Only whole tags (ASCII) were blanked, so the text stays UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| item.to_owned())
}

/// The first `<tag>text</tag>` whose text holds no markup: the text and its span.
pub(crate) fn field<'a>(xml: &'a str, tag: &str) -> Option<(&'a str, Range<usize>)> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut pos = 0;
    while let Some(found) = xml[pos..].find(&open) {
        let start = pos + found + open.len();
        let rest = &xml[start..];
        if let Some(lt) = rest.find('<') {
            if rest[lt..].starts_with(&close) {
                return Some((&rest[..lt], start..start + lt));
            }
        }
        pos = start;
    }
    None
}

/// The span of the first `<tag>…</tag>`, tags included (up to the first close tag).
pub(crate) fn element(xml: &str, tag: &str) -> Option<Range<usize>> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let start = xml.find(&open)?;
    let end = xml[start..].find(&close)? + start + close.len();
    Some(start..end)
}

/// Every `<tag>text</tag>` text in `xml`, nested ones included.
pub(crate) fn all_fields(xml: &str, tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((text, span)) = field(&xml[pos..], tag) {
        out.push(text.to_owned());
        pos += span.end;
    }
    out
}

/// Replacements of spans of one text, applied together.
pub(crate) struct Edits {
    edits: Vec<(Range<usize>, String)>,
}

impl Edits {
    /// No edits yet.
    pub(crate) fn new() -> Self {
        Self { edits: Vec::new() }
    }

    /// Replaces `span` with `text` (spans must not overlap).
    pub(crate) fn put(&mut self, span: Range<usize>, text: String) {
        self.edits.push((span, text));
    }

    /// `original` with every edit made, the last span first.
    pub(crate) fn apply(mut self, original: &str) -> String {
        self.edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
        let mut text = original.to_owned();
        for (span, new) in self.edits {
            text.replace_range(span, &new);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESCRIBE_INSTANCES: &str = include_str!("../testdata/moto-ec2/di.xml");
    const DESCRIBE_IMAGES: &str = include_str!("../testdata/moto-ec2/dimg.xml");

    #[test]
    fn items_are_the_direct_children_of_a_set() {
        let items = items_of(DESCRIBE_INSTANCES, "instancesSet");
        assert_eq!(items.len(), 1);
        let item = &DESCRIBE_INSTANCES[items[0].clone()];
        assert!(item.starts_with("<item><architecture>") && item.ends_with("</item>"), "{item}");
        assert!(item.contains("<ipAddress>54.214.162.189</ipAddress>"));
        assert!(items_of(DESCRIBE_INSTANCES, "imagesSet").is_empty());
        let two = "<xSet><item><a>1</a><s><item>n</item></s></item><item><a>2</a></item></xSet>";
        let spans: Vec<&str> = items_of(two, "xSet").into_iter().map(|s| &two[s]).collect();
        assert_eq!(spans, ["<item><a>1</a><s><item>n</item></s></item>", "<item><a>2</a></item>"]);
    }

    #[test]
    fn masking_hides_nested_items_and_keeps_offsets() {
        let span = items_of(DESCRIBE_IMAGES, "imagesSet")[0].clone();
        let item = &DESCRIBE_IMAGES[span];
        let masked = mask_nested(item);
        assert_eq!(masked.len(), item.len());
        // The snapshot sits in a nested block-device item: hidden; the image's own fields stay.
        assert!(field(&masked, "snapshotId").is_none());
        let (state, at) = field(&masked, "imageState").expect("imageState");
        assert_eq!((state, &item[at]), ("available", "available"));
        assert_eq!(all_fields(item, "snapshotId"), ["snap-0b2b8e9755d4106b0"]);
    }

    #[test]
    fn fields_elements_and_edits() {
        let xml = "<a><s><code>16</code><name>running</name></s><name>x</name></a>";
        assert_eq!(field(xml, "s"), None);
        assert_eq!(field(xml, "name").map(|f| f.0), Some("running"));
        let s = element(xml, "s").expect("element");
        assert_eq!(&xml[s.clone()], "<s><code>16</code><name>running</name></s>");
        let mut edits = Edits::new();
        edits.put(s, "<s/>".into());
        edits.put(field(xml, "a").map_or(0..0, |f| f.1), String::new());
        let last = xml.rfind("x").expect("x");
        edits.put(last..last + 1, "yy".into());
        assert_eq!(edits.apply(xml), "<a><s/><name>yy</name></a>");
    }
}
