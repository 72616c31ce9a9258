//! Who a participant is: how they attend, which stakeholder group and UN
//! regional group they belong to, and what role they hold in the session.

use serde::{Deserialize, Serialize};

/// How a participant attends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Onsite,
    Remote,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Onsite, Mode::Remote];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Onsite => "onsite",
            Mode::Remote => "remote",
        }
    }
}

/// The stakeholder groups used in IGF statistics, plus `unspecified` for
/// those who prefer not to say (never a default: the join form makes the
/// choice explicit, so the figures count who chose what).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stakeholder {
    Government,
    PrivateSector,
    CivilSociety,
    TechnicalCommunity,
    Intergovernmental,
    Academia,
    Other,
    Unspecified,
}

impl Stakeholder {
    pub const ALL: [Stakeholder; 8] = [
        Stakeholder::Government,
        Stakeholder::PrivateSector,
        Stakeholder::CivilSociety,
        Stakeholder::TechnicalCommunity,
        Stakeholder::Intergovernmental,
        Stakeholder::Academia,
        Stakeholder::Other,
        Stakeholder::Unspecified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stakeholder::Government => "government",
            Stakeholder::PrivateSector => "private_sector",
            Stakeholder::CivilSociety => "civil_society",
            Stakeholder::TechnicalCommunity => "technical_community",
            Stakeholder::Intergovernmental => "intergovernmental",
            Stakeholder::Academia => "academia",
            Stakeholder::Other => "other",
            Stakeholder::Unspecified => "unspecified",
        }
    }
}

/// The UN regional groups, plus `unspecified` for those who do not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    African,
    AsiaPacific,
    EasternEuropean,
    LatinAmericanCaribbean,
    WesternEuropeanOthers,
    Unspecified,
}

impl Region {
    pub const ALL: [Region; 6] = [
        Region::African,
        Region::AsiaPacific,
        Region::EasternEuropean,
        Region::LatinAmericanCaribbean,
        Region::WesternEuropeanOthers,
        Region::Unspecified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::African => "african",
            Region::AsiaPacific => "asia_pacific",
            Region::EasternEuropean => "eastern_european",
            Region::LatinAmericanCaribbean => "latin_american_caribbean",
            Region::WesternEuropeanOthers => "western_european_others",
            Region::Unspecified => "unspecified",
        }
    }
}

/// A participant's role within one session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A room display (a projector): it shows the session, with the queue's
    /// names, sends no commands, and is not counted as a person. Declared
    /// first, so `max` with any person's role keeps the person's.
    Display,
    Participant,
    Captioner,
    Moderator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Captioner => "captioner",
            Role::Moderator => "moderator",
            Role::Display => "display",
        }
    }

    pub fn is_moderator(self) -> bool {
        self == Role::Moderator
    }

    /// Who sees every queue entry's name and details: moderators, and room
    /// displays, which show who speaks next.
    pub fn sees_queue_details(self) -> bool {
        matches!(self, Role::Moderator | Role::Display)
    }

    /// Only participants are attendees: presence counts, attendance and
    /// the report count them. Staff (moderators and captioners) are counted
    /// apart, and a display is a screen, counted as nobody.
    pub fn counts_as_attendee(self) -> bool {
        self == Role::Participant
    }

    /// Moderators and captioners: present, but working, not attending.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Moderator | Role::Captioner)
    }
}

/// A remote hub: one connection that stands for a room of people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hub {
    pub name: String,
    /// How many people the hub says it stands for.
    pub headcount: u32,
    /// Whether a moderator confirmed `headcount`. Until then the hub counts
    /// as one person everywhere (presence, polls, the report), so that no
    /// one can inflate the figures by claiming a crowd. A join's own
    /// `confirmed` is ignored; hubs stored before confirmation existed
    /// load as confirmed, as they were counted then.
    #[serde(default = "stored_before_confirmation")]
    pub confirmed: bool,
}

fn stored_before_confirmation() -> bool {
    true
}

impl Hub {
    /// How many people the hub counts as: its headcount once confirmed,
    /// else one.
    pub fn counted_headcount(&self) -> u32 {
        if self.confirmed {
            self.headcount.max(1)
        } else {
            1
        }
    }
}

/// The largest headcount a hub may claim. A larger number is a typo or an
/// attempt to skew the attendance figures.
pub const HUB_MAX_HEADCOUNT: u32 = 10_000;

/// Whether a hub headcount is in range, claimed at join or confirmed by a
/// moderator; `field` names it in the refusal.
pub(crate) fn check_hub_headcount(
    headcount: u32,
    field: &str,
) -> Result<(), super::rejection::Rejection> {
    if headcount == 0 || headcount > HUB_MAX_HEADCOUNT {
        return Err(super::rejection::Rejection::new(
            super::rejection::RejectionCode::InvalidField,
            format!("{field} must be 1 to {HUB_MAX_HEADCOUNT}"),
        ));
    }
    Ok(())
}
