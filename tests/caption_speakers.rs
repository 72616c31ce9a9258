//! Speakers named in captions and transcripts, over real WebSockets and
//! HTTP: lines written while the floor changes hands (grant, the end of a
//! turn, a speaker yielding, the chair between turns), a captioner's
//! correction reaching the track's readers, refusals, and the transcripts
//! in three formats naming each speaker, also after a restart.

mod common;

use common::{start, Client, Join, TestServer};
use serde_json::{json, Value};

const CHAIR: &str = "Amina Diallo";

async fn with_token(server: &TestServer, role: &str, join: Join) -> Client {
    let invite = server.invite("main", json!({ "role": role })).await;
    let token = invite["token"].as_str().unwrap();
    let client = server.join("main", &join.token(token)).await;
    assert_eq!(client.welcome["participant"]["role"], role);
    client
}

/// Sends a command and waits for its `ack` or `error`, skipping the events
/// before it.
async fn command(client: &mut Client, frame: Value) -> Value {
    client.send_json(&frame).await;
    loop {
        let answer = client.next_non_presence().await;
        if answer["id"] == frame["id"] && (answer["type"] == "ack" || answer["type"] == "error") {
            return answer;
        }
    }
}

/// The captioner writes a whole line; returns the `caption.final` a
/// reader of the track received.
async fn line(captioner: &mut Client, reader: &mut Client, text: &str) -> Value {
    let push = json!({"type": "caption.push", "lang": "en", "text": text, "final": true});
    captioner.send_json(&push).await;
    loop {
        let frame = reader.next_of_type("caption.final").await;
        if frame["text"] == text {
            return frame;
        }
    }
}

/// Raises `speaker`'s hand and has the chair give them the floor.
async fn give_floor(chair: &mut Client, speaker: &mut Client, id: &str) {
    let raised = command(
        speaker,
        json!({"type": "hand.raise", "id": format!("{id}-raise")}),
    )
    .await;
    assert_eq!(raised["type"], "ack", "{raised}");
    let entry = chair.next_of_type("hand.raised").await["entry"]["entry"].clone();
    let granted = command(
        chair,
        json!({"type": "floor.grant", "id": format!("{id}-grant"), "entry": entry}),
    )
    .await;
    assert_eq!(granted["type"], "ack", "{granted}");
}

#[tokio::test]
async fn transcripts_name_each_speaker_as_the_floor_changes_hands() {
    let mut server = start().await;
    server.create_session("main", "live").await;
    let named = server
        .patch_session("main", json!({ "chair": CHAIR }))
        .await;
    assert_eq!(named.status, 200, "{}", named.body);

    let mut chair = with_token(&server, "moderator", Join::new("Moderator").mode("onsite")).await;
    let mut captioner = with_token(&server, "captioner", Join::new("CART writer")).await;
    let mut ana = server
        .join(
            "main",
            &Join::new("Ana Silva")
                .mode("remote")
                .stakeholder("civil_society")
                .captions(&["en"]),
        )
        .await;
    let mut bo = server
        .join(
            "main",
            &Join::new("Bo <Chen>")
                .mode("onsite")
                .stakeholder("government"),
        )
        .await;

    // Before any turn the chair the session names speaks.
    let opening = line(&mut captioner, &mut ana, "Welcome to the session.").await;
    assert_eq!(opening["speaker"], json!({"name": CHAIR, "chair": true}));

    // Ana's turn: her name, group and mode come with each line.
    give_floor(&mut chair, &mut ana, "ana").await;
    let hers = line(&mut captioner, &mut ana, "Thank you, chair.").await;
    assert_eq!(hers["speaker"]["name"], "Ana Silva");
    assert_eq!(hers["speaker"]["stakeholder"], "civil_society");
    assert_eq!(hers["speaker"]["mode"], "remote");
    assert_eq!(hers["speaker"]["participant"], ana.participant_id());

    // A line begun in her turn stays hers when the chair ends the turn
    // before the line is finished.
    let partial = json!({"type": "caption.push", "lang": "en", "text": "One last", "final": false});
    captioner.send_json(&partial).await;
    ana.next_of_type("caption.partial").await;
    let ended = command(&mut chair, json!({"type": "floor.end", "id": "end-1"})).await;
    assert_eq!(ended["type"], "ack");
    let straddling = line(&mut captioner, &mut ana, "One last point.").await;
    assert_eq!(straddling["speaker"]["name"], "Ana Silva");

    let between = line(&mut captioner, &mut ana, "Next, from the room.").await;
    assert_eq!(between["speaker"]["name"], CHAIR);

    // Bo speaks, then yields the floor himself.
    give_floor(&mut chair, &mut bo, "bo").await;
    let his = line(&mut captioner, &mut ana, "A point from the room.").await;
    assert_eq!(his["speaker"]["name"], "Bo <Chen>");
    let yielded = command(&mut bo, json!({"type": "floor.end", "id": "yield"})).await;
    assert_eq!(yielded["type"], "ack");
    let unattributed = line(&mut captioner, &mut ana, "Can I add something?").await;
    assert_eq!(unattributed["speaker"]["name"], CHAIR);

    // Downloaded now, the transcript gives that line to the chair (and the
    // server keeps this rendering until something changes it).
    let before_correction = download(&server, "txt").await;
    let last_line = before_correction.find("Can I add something?").unwrap();
    let named_before = before_correction[..last_line].rfind(">> ").unwrap();
    assert!(
        before_correction[named_before..].starts_with(">> Amina Diallo (Chair):"),
        "{before_correction}"
    );

    // The captioner knows better: a voice from the floor, with no turn.
    let correction = json!({
        "type": "caption.set_speaker", "id": "fix-1", "lang": "en",
        "line": unattributed["line"],
        "speaker": {"name": "Voice from the floor", "mode": "onsite"},
    });
    let fixed = command(&mut captioner, correction.clone()).await;
    assert_eq!(fixed["type"], "ack", "{fixed}");
    let corrected = ana.next_of_type("caption.speaker").await;
    assert_eq!(corrected["line"], unattributed["line"]);
    assert_eq!(corrected["speaker"]["name"], "Voice from the floor");

    // Nobody else may correct, and only finished lines can be.
    let mut by_bo = correction.clone();
    by_bo["id"] = json!("fix-2");
    let by_participant = command(&mut bo, by_bo).await;
    assert_eq!(by_participant["code"], "forbidden", "{by_participant}");
    let mut no_line = correction.clone();
    no_line["id"] = json!("fix-3");
    no_line["line"] = json!(9_999);
    let missing = command(&mut captioner, no_line).await;
    assert_eq!(missing["code"], "not_found", "{missing}");
    let mut two_speakers = correction.clone();
    two_speakers["id"] = json!("fix-4");
    two_speakers["speaker"]["chair"] = json!(true);
    let ambiguous = command(&mut captioner, two_speakers).await;
    assert_eq!(ambiguous["code"], "invalid_field", "{ambiguous}");

    let expected_txt = [
        ">> Amina Diallo (Chair):\n[",
        "] Welcome to the session.\n\n>> Ana Silva (Civil society, online):\n[",
        "] Thank you, chair.\n[",
        "] One last point.\n\n>> Amina Diallo (Chair):\n[",
        "] Next, from the room.\n\n>> Bo <Chen> (Government, in the room):\n[",
        "] A point from the room.\n\n>> Voice from the floor (in the room):\n[",
        "] Can I add something?\n",
    ];
    let check_transcripts = |txt: String, vtt: String, srt: String| {
        let mut rest = txt.as_str();
        for piece in expected_txt {
            let found = rest
                .find(piece)
                .unwrap_or_else(|| panic!("{piece:?} in\n{txt}"));
            rest = &rest[found + piece.len()..];
        }
        for voiced in [
            "<v Amina Diallo>Welcome to the session.",
            "<v Ana Silva>Thank you, chair.",
            "<v Ana Silva>One last point.",
            "<v Bo &lt;Chen&gt;>A point from the room.",
            "<v Voice from the floor>Can I add something?",
        ] {
            assert!(vtt.contains(voiced), "{voiced:?} in\n{vtt}");
        }
        for named in [
            "\nAmina Diallo: Welcome to the session.\n",
            "\nAna Silva: Thank you, chair.\n",
            "\nOne last point.\n",
            "\nBo <Chen>: A point from the room.\n",
            "\nVoice from the floor: Can I add something?\n",
        ] {
            assert!(srt.contains(named), "{named:?} in\n{srt}");
        }
    };
    check_transcripts(
        download(&server, "txt").await,
        download(&server, "vtt").await,
        download(&server, "srt").await,
    );

    // Everything is stored: the transcripts are the same after a restart.
    drop((chair, captioner, ana, bo));
    server.restart().await;
    check_transcripts(
        download(&server, "txt").await,
        download(&server, "vtt").await,
        download(&server, "srt").await,
    );
}

async fn download(server: &TestServer, format: &str) -> String {
    let path = format!("/api/sessions/main/transcript.{format}");
    let response = server.get(&path).await;
    assert_eq!(response.status, 200, "{path}");
    response.body
}
