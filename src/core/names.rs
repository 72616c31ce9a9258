//! What a display name, and any text others read, may look like: stored in
//! NFKC, with no bidi controls and no invisible characters that could hide
//! one name inside another, never blank once the invisible characters are
//! gone, and never passing for staff.
//!
//! A participant named "Moderator", "Moder\u{200B}ator" or "Mоderator"
//! (with a Cyrillic "о") looked exactly like the real moderator in chat.
//! Names are therefore compared by their Unicode TS #39 skeleton (the
//! `unicode-security` crate), which maps look-alike letters to one
//! prototype, after the invisible characters are removed and case is
//! folded.

use unicode_normalization::UnicodeNormalization;
use unicode_security::confusable_detection::skeleton;

/// Words that name a role in the session. A participant's name whose
/// skeleton is one of these is refused: only staff speak as staff, and
/// their messages carry a role badge instead.
const ROLE_WORDS: [&str; 14] = [
    "moderator",
    "the moderator",
    "chair",
    "the chair",
    "chairperson",
    "co-chair",
    "host",
    "co-host",
    "captioner",
    "organiser",
    "organizer",
    "admin",
    "administrator",
    "secretariat",
];

/// Characters that change the direction of the text around them: a U+202E
/// in a name turned "Ana\u{202E}gnp.exe" into "Anaexe.png" on screen.
fn is_bidi_control(character: char) -> bool {
    matches!(
        character,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that take no space on screen. Joiners (U+200C, U+200D) are
/// among them, although Persian names and emoji sequences need them
/// between two visible characters; [`clean_name`] keeps them there.
fn is_invisible(character: char) -> bool {
    is_bidi_control(character)
        || matches!(
            character,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

fn is_joiner(character: char) -> bool {
    matches!(character, '\u{200C}' | '\u{200D}')
}

/// Whether nothing would be seen of a text: only spaces and invisible
/// characters. Such chat messages, questions and names are refused.
pub fn is_visibly_blank(text: &str) -> bool {
    text.chars()
        .all(|character| character.is_whitespace() || is_invisible(character))
}

/// A name as it is stored and shown: NFKC, without bidi controls or
/// invisible characters (a joiner is kept between two visible characters,
/// and a variation selector after one), with runs of spaces made one.
pub fn clean_name(name: &str) -> String {
    let normalized: Vec<char> = name.nfkc().collect();
    let mut cleaned = String::with_capacity(name.len());
    for (index, &character) in normalized.iter().enumerate() {
        let previous = index.checked_sub(1).map(|before| normalized[before]);
        let next = normalized.get(index + 1).copied();
        let visible = |neighbour: Option<char>| {
            neighbour
                .is_some_and(|neighbour| !neighbour.is_whitespace() && !is_invisible(neighbour))
        };
        let keep = if is_joiner(character) {
            visible(previous) && visible(next)
        } else if matches!(character, '\u{FE00}'..='\u{FE0F}') {
            visible(previous)
        } else {
            !is_invisible(character)
        };
        if !keep {
            continue;
        }
        if character.is_whitespace() {
            if !cleaned.is_empty() && !cleaned.ends_with(' ') {
                cleaned.push(' ');
            }
        } else {
            cleaned.push(character);
        }
    }
    cleaned.trim_end().to_owned()
}

/// The form two names are compared in: invisible characters removed, case
/// folded, spaces made one, then the TS #39 skeleton.
pub fn comparison_key(name: &str) -> String {
    let visible: String = name
        .chars()
        .filter(|&character| !is_invisible(character))
        .flat_map(char::to_lowercase)
        .collect();
    let spaced = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    skeleton(&spaced).flat_map(char::to_lowercase).collect()
}

/// Whether a name passes for a role word ("Moderator", "Mоderator").
pub fn imitates_a_role(name: &str) -> bool {
    let key = comparison_key(name);
    ROLE_WORDS.iter().any(|word| comparison_key(word) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alike_role_names_are_caught() {
        for name in [
            "Moderator",
            "moderator",
            "Moder\u{200B}ator",
            "M\u{043E}derator",
            "MODERATOR ",
            "The  Chair",
            "\u{202E}Chair",
            "Ｍｏｄｅｒａｔｏｒ",
        ] {
            assert!(imitates_a_role(name), "{name:?}");
        }
        for name in ["Ana Silva", "Moderna", "Chairs of WG", "Hostel"] {
            assert!(!imitates_a_role(name), "{name:?}");
        }
    }

    #[test]
    fn names_lose_bidi_controls_and_invisibles_but_keep_what_scripts_need() {
        assert_eq!(clean_name("Ana\u{202E}gnp.exe"), "Anagnp.exe");
        assert_eq!(clean_name("Moder\u{200B}ator"), "Moderator");
        assert_eq!(clean_name("Ｍａｒｉａ"), "Maria");
        assert_eq!(clean_name("Ana   \u{2066}Silva\u{2069}"), "Ana Silva");
        // A Persian name keeps its zero-width non-joiner; an emoji sequence
        // its joiner; a leading joiner goes.
        assert_eq!(clean_name("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(clean_name("👩\u{200D}💻 Dev"), "👩\u{200D}💻 Dev");
        assert_eq!(clean_name("\u{200D}Ana"), "Ana");
    }

    #[test]
    fn blank_means_nothing_visible() {
        for text in [
            "",
            "   ",
            "\u{200B}\u{200B}\u{200B}\u{200B}\u{200B}",
            "\u{2060}\u{FEFF} \u{202E}",
        ] {
            assert!(is_visibly_blank(text), "{text:?}");
        }
        assert!(!is_visibly_blank("\u{200B}a"));
    }

    #[test]
    fn the_same_name_in_look_alike_letters_has_one_key() {
        assert_eq!(
            comparison_key("Amina Diallo"),
            comparison_key("Аmina Diallo")
        );
        assert_eq!(
            comparison_key("Amina Diallo"),
            comparison_key("amina\u{200B} diallo")
        );
        assert_ne!(
            comparison_key("Amina Diallo"),
            comparison_key("Amina Diallo 2")
        );
    }
}
