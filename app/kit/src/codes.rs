//! One way to give an enum its stored codes: `codes!(Kind { A => "a", B => "b" })` makes
//! `Kind::ALL`, `code()` and `from_code()`. The codes are what the database and URLs
//! hold, so they never change once written; labels for people live in the catalogues.

/// Stored codes for a fieldless enum (see the module documentation).
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
            pub const ALL: &'static [$t] = &[$(<$t>::$v),*];
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

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(*k));
        }
        assert_eq!(Kind::from_code("Paper"), None);
        assert_eq!(Kind::ALL, &[Kind::Paper, Kind::Counter]);
    }
}
