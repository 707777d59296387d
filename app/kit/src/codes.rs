//! One way to give an enum its stored codes and its words for people:
//! `codes!(Kind { A => "a", B => "b" })` makes `Kind::ALL`, `code()` and `from_code()`;
//! `codes!(Kind { A => "a": "紙", "Paper", … })` also makes `label(lang)`. The codes are what
//! the database, URLs and the audit record hold, so they never change once written; the
//! labels are what a screen, a letter or a file shows, in both languages (a missing one
//! does not compile). An enum whose words depend on where they appear keeps them in its
//! feature's catalogue instead.

/// Stored codes (and, optionally, labels) for a fieldless enum (see the module documentation).
#[macro_export]
macro_rules! codes {
    ($t:ty { $($v:ident => $c:literal: $ja:literal, $en:literal),* $(,)? }) => {
        $crate::codes!($t { $($v => $c),* });
        impl $t {
            /// What people read for this value, in `lang`.
            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $((Self::$v, $crate::i18n::Lang::Ja) => $ja,
                      (Self::$v, $crate::i18n::Lang::En) => $en,)*
                }
            }
        }
    };
    ($t:ty { $($v:ident => $c:literal),* $(,)? }) => {
        impl $t {
            pub const ALL: [$t; [$(stringify!($v)),*].len()] = [$(<$t>::$v),*];
            pub fn code(self) -> &'static str { match self { $(Self::$v => $c,)* } }
            pub fn from_code(code: &str) -> Option<Self> { match code { $($c => Some(Self::$v),)* _ => None } }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Kind {
        Paper,
        Counter,
    }
    crate::codes!(Kind { Paper => "paper", Counter => "counter" });

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Shown {
        High,
        Low,
    }
    crate::codes!(Shown { High => "high": "高", "High", Low => "low": "低", "Low" });

    #[test]
    fn labelled_codes_have_both_languages_and_the_same_codes() {
        use crate::i18n::Lang;
        assert_eq!(Shown::High.label(Lang::Ja), "高");
        assert_eq!(Shown::Low.label(Lang::En), "Low");
        assert_eq!(Shown::from_code("low"), Some(Shown::Low));
        assert_eq!(Shown::High.code(), "high");
        assert_eq!(Shown::ALL, [Shown::High, Shown::Low]);
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        assert_eq!(Kind::from_code("Paper"), None);
        assert_eq!(Kind::ALL, [Kind::Paper, Kind::Counter]);
    }
}
