//! What a site's `robots.txt` allows, read once per site (scheme, host and
//! port) and run, following RFC 9309: a missing file (any 4xx) allows
//! everything; a server error disallows everything; rules that do not parse
//! allow everything.

use texting_robots::Robot;

/// The rules of one site.
pub(crate) enum Rules {
    /// No robots.txt, or one without rules that apply.
    AllowAll,
    /// The rules of the site's robots.txt.
    Robot(Box<Robot>),
    /// The site's robots.txt could not be read (why).
    Unavailable(String),
}

impl Rules {
    /// The rules in a robots.txt body, for `agent`.
    pub(crate) fn parse(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(robot) => Rules::Robot(Box::new(robot)),
            Err(e) => {
                tracing::debug!(error = %e, "robots.txt does not parse: everything allowed");
                Rules::AllowAll
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_our_agent() {
        let txt =
            b"User-agent: *\nDisallow: /private/\n\nUser-agent: Storyline\nDisallow: /drafts/\n";
        let Rules::Robot(robot) = Rules::parse(crate::ROBOTS_AGENT, txt) else {
            panic!("rules expected");
        };
        assert!(!robot.allowed("http://a.example/drafts/x.html"));
        // The group for our agent replaces the `*` group.
        assert!(robot.allowed("http://a.example/private/x.html"));
        assert!(robot.allowed("http://a.example/news/x.html"));
    }
}
