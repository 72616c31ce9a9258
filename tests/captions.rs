//! Live captions end to end: signed invites, captioners over WebSocket and
//! over Zoom's HTTP caption API, several tracks at once, late joiners,
//! handover, session end, restart, and transcripts.

mod common;

use common::{start, Join, TestServer};
use serde_json::{json, Value};
use std::time::Duration;

const QUIET: Duration = Duration::from_millis(300);

async fn captioner_token(server: &TestServer, session: &str) -> String {
    let invite = server
        .invite(session, json!({"role": "captioner", "label": "CART"}))
        .await;
    invite["token"].as_str().unwrap().to_owned()
}

/// The caption URL's path and query, as captioning software would paste it.
async fn caption_url(server: &TestServer, session: &str, lang: Option<&str>) -> String {
    server.caption_path(session, lang).await
}

async fn post_caption(server: &TestServer, url: &str, seq: u64, text: &str) -> (u16, String) {
    let response = server.post_caption(url, seq, text).await;
    (response.status, response.body)
}

fn assert_no_seq(frame: &Value) {
    assert!(frame.get("seq").is_none(), "partials carry no seq: {frame}");
}

#[tokio::test]
async fn websocket_captions_reach_only_the_chosen_tracks() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en", "fr"])
        .await;
    let en_token = captioner_token(&server, "main").await;
    let fr_token = captioner_token(&server, "main").await;
    let mut en_writer = server
        .join("main", &Join::new("EN writer").token(&en_token))
        .await;
    assert_eq!(en_writer.welcome["participant"]["role"], "captioner");
    let mut fr_writer = server
        .join("main", &Join::new("FR writer").token(&fr_token))
        .await;
    let mut english = server
        .join("main", &Join::new("Ana").captions(&["en"]))
        .await;
    let mut french = server
        .join("main", &Join::new("Bo").captions(&["fr"]))
        .await;
    let mut floor_default = server.join("main", &Join::new("Chen")).await;
    let mut both = server
        .join("main", &Join::new("Dee").captions(&["fr", "en-GB"]))
        .await;
    assert_eq!(
        floor_default.welcome["snapshot"]["captions"]["tracks"],
        json!(["en"])
    );
    assert_eq!(
        both.welcome["snapshot"]["captions"]["tracks"],
        json!(["fr", "en"])
    );

    en_writer
        .send_json(
            &json!({"type":"caption.push","id":"p1","lang":"en","text":"Good morn","final":false}),
        )
        .await;
    let ack = en_writer.next_of_type("ack").await;
    assert_eq!(ack["id"], "p1");
    for viewer in [&mut english, &mut floor_default, &mut both] {
        let partial = viewer.next_of_type("caption.partial").await;
        assert_eq!(partial["text"], "Good morn");
        assert_eq!(partial["lang"], "en");
        assert_no_seq(&partial);
    }
    assert_eq!(french.quiet_for(QUIET).await, None, "fr viewer gets no en");

    en_writer
        .send_json(&json!({"type":"caption.push","id":"f1","lang":"en","text":"Good morning.","final":true}))
        .await;
    let final_line = english.next_of_type("caption.final").await;
    assert_eq!(final_line["text"], "Good morning.");
    assert_eq!(final_line["seq"], 1);
    assert!(final_line["started_at"].as_str().unwrap() <= final_line["ended_at"].as_str().unwrap());
    assert_eq!(floor_default.next_of_type("caption.final").await["seq"], 1);
    assert_eq!(both.next_of_type("caption.final").await["seq"], 1);
    let writer_ack = en_writer.next_of_type("ack").await;
    assert_eq!(writer_ack, json!({"type":"ack","id":"f1","seq":1}));

    fr_writer
        .send_json(&json!({"type":"caption.push","lang":"fr","text":"Bonjour.","final":true}))
        .await;
    assert_eq!(
        french.next_of_type("caption.final").await["text"],
        "Bonjour."
    );
    assert_eq!(both.next_of_type("caption.final").await["text"], "Bonjour.");
    assert_eq!(english.quiet_for(QUIET).await, None, "en viewer gets no fr");

    // A participant is not a captioner.
    english
        .send_json(&json!({"type":"caption.push","id":"x","lang":"en","text":"hi","final":true}))
        .await;
    let refused = english.next_of_type("error").await;
    assert_eq!(refused["code"], "forbidden");
    assert_eq!(refused["id"], "x");
    // Bad input from a captioner gets a clear error and changes nothing.
    for (frame, code) in [
        (
            json!({"type":"caption.push","lang":"de","text":"Hallo","final":true}),
            "invalid_field",
        ),
        (
            json!({"type":"caption.push","lang":"en","text":"x".repeat(501),"final":true}),
            "too_large",
        ),
        (
            json!({"type":"caption.push","lang":"en","text":"two\nlines","final":true}),
            "invalid_field",
        ),
        (
            json!({"type":"caption.push","lang":"en","final":true}),
            "invalid_field",
        ),
    ] {
        en_writer.send_json(&frame).await;
        assert_eq!(
            en_writer.next_of_type("error").await["code"],
            code,
            "{frame}"
        );
    }
    assert_eq!(
        server.fresh_seq("main").await,
        2,
        "only two lines were stored"
    );
}

#[tokio::test]
async fn late_joiners_see_recent_lines_and_the_line_being_written() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en", "fr"])
        .await;
    let token = captioner_token(&server, "main").await;
    let mut writer = server
        .join("main", &Join::new("Writer").token(&token))
        .await;
    for number in 1..=10 {
        writer
            .send_json(&json!({"type":"caption.push","lang":"en","text":format!("Line {number}."),"final":true}))
            .await;
        writer.next_of_type("ack").await;
    }
    writer
        .send_json(&json!({"type":"caption.push","lang":"en","text":"Still typ","final":false}))
        .await;
    writer.next_of_type("ack").await;

    let late = server.join("main", &Join::new("Late")).await;
    let captions = &late.welcome["snapshot"]["captions"];
    let recent: Vec<&str> = captions["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["text"].as_str().unwrap())
        .collect();
    assert_eq!(recent.len(), 8, "the last few lines: {captions}");
    assert_eq!(recent.last(), Some(&"Line 10."));
    assert_eq!(captions["recent"][0]["type"], "caption.final");
    assert_eq!(captions["partial"][0]["text"], "Still typ");
    assert_eq!(captions["partial"][0]["type"], "caption.partial");

    let french_only = server
        .join("main", &Join::new("Late fr").captions(&["fr"]))
        .await;
    assert_eq!(
        french_only.welcome["snapshot"]["captions"]["recent"],
        json!([])
    );
    // Changing tracks sends that track's snapshot, then the ack.
    let mut switcher = server
        .join("main", &Join::new("Switcher").captions(&["fr"]))
        .await;
    switcher
        .send_json(&json!({"type":"captions.subscribe","id":"s1","langs":["en"]}))
        .await;
    let snapshot = switcher.next_of_type("captions.snapshot").await;
    assert_eq!(snapshot["tracks"], json!(["en"]));
    assert_eq!(snapshot["recent"].as_array().unwrap().len(), 8);
    assert_eq!(switcher.next_of_type("ack").await["id"], "s1");
    writer
        .send_json(&json!({"type":"caption.push","lang":"en","text":"Still typing.","final":true}))
        .await;
    assert_eq!(
        switcher.next_of_type("caption.final").await["text"],
        "Still typing."
    );
    switcher
        .send_json(&json!({"type":"captions.subscribe","id":"s2","langs":["klingon"]}))
        .await;
    let error = switcher.next_of_type("error").await;
    assert_eq!(
        (error["id"].as_str(), error["code"].as_str()),
        (Some("s2"), Some("invalid_field"))
    );

    let mut bad = server.connect("main").await;
    bad.send_json(&Join::new("Bad").captions(&["xx"]).to_json())
        .await;
    assert_eq!(bad.next_json().await["code"], "invalid_field");
}

#[tokio::test]
async fn invites_are_signed_scoped_and_checked() {
    let server = start().await;
    server.create_session("main", "live").await;
    server.create_session("other", "live").await;

    let unauthorised = server
        .raw(
            "POST",
            "/api/sessions/main/invites",
            Some("application/json"),
            br#"{"role":"captioner"}"#,
        )
        .await;
    assert_eq!(unauthorised.status, 401);
    for (body, status) in [
        (json!({"role": "participant"}), 400),
        (json!({"role": "wizard"}), 400),
        (
            json!({"role": "captioner", "expires_at": "2000-01-01T00:00:00Z"}),
            400,
        ),
        (json!({"role": "captioner", "lang": "xx"}), 400),
        (json!({"role": "captioner", "colour": "red"}), 400),
    ] {
        let response = server
            .admin("POST", "/api/sessions/main/invites", &body)
            .await;
        assert_eq!(response.status, status, "{body}: {}", response.body);
        assert_eq!(response.error_code(), "invalid_field");
    }
    let missing = server
        .admin(
            "POST",
            "/api/sessions/nope/invites",
            &json!({"role": "captioner"}),
        )
        .await;
    assert_eq!(missing.status, 404);

    let moderator = server.invite("main", json!({"role": "moderator"})).await;
    assert!(moderator["url"].as_str().unwrap().contains("token="));
    assert!(moderator.get("caption_url").is_none());
    let client = server
        .join(
            "main",
            &Join::new("Mod").token(moderator["token"].as_str().unwrap()),
        )
        .await;
    assert_eq!(client.welcome["participant"]["role"], "moderator");
    assert!(client.welcome["snapshot"]["roster"].is_array());

    // A token for another session, a forged one, an expired one.
    let foreign_session = captioner_token(&server, "other").await;
    let forged = {
        let (payload, signature) = foreign_session.split_once('.').unwrap();
        format!("{payload}x.{signature}")
    };
    let expired = server
        .running()
        .hub
        .invite_key
        .sign(&hybridhub::invite::InviteClaims {
            sid: "main".into(),
            role: hybridhub::core::Role::Captioner,
            exp: 1_000,
            jti: "old".into(),
            label: None,
        });
    for (token, says) in [
        (foreign_session.as_str(), "another session"),
        (forged.as_str(), "signature"),
        (expired.as_str(), "expired"),
        ("not-a-token", "not a hybridhub invite"),
    ] {
        let mut attempt = server.connect("main").await;
        attempt
            .send_json(&Join::new("Eve").token(token).to_json())
            .await;
        let error = attempt.next_json().await;
        assert_eq!(error["code"], "invalid_token", "{token}");
        assert!(error["message"].as_str().unwrap().contains(says), "{error}");
        // The connection stays open: joining without the token works.
        attempt.join(&Join::new("Eve")).await;
        assert_eq!(attempt.welcome["participant"]["role"], "participant");
    }
}

#[tokio::test]
async fn zoom_style_http_captions_append_and_dedupe_by_seq() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en", "fr"])
        .await;
    let url = caption_url(&server, "main", None).await;
    assert!(url.contains("lang=en"), "{url}");
    let mut viewer = server.join("main", &Join::new("Ana")).await;

    assert_eq!(post_caption(&server, &url, 1, "Hello ").await.0, 200);
    assert_eq!(
        viewer.next_of_type("caption.partial").await["text"],
        "Hello "
    );
    assert_eq!(
        post_caption(&server, &url, 2, "world.\nSecond").await.0,
        200
    );
    // Partials are not stored and go out at once, so the next line's
    // partial may arrive before the stored final of the line before it.
    let mut first = Value::Null;
    let mut next_partial = Value::Null;
    while first.is_null() || next_partial.is_null() {
        let frame = viewer.next_non_presence().await;
        match frame["type"].as_str() {
            Some("caption.final") => first = frame,
            Some("caption.partial") => next_partial = frame,
            _ => panic!("unexpected frame {frame}"),
        }
    }
    assert_eq!(first["text"], "Hello world.");
    assert_eq!(first["lang"], "en");
    assert_eq!(next_partial["text"], "Second");
    assert!(next_partial["line"].as_u64() > first["line"].as_u64());

    // A retry of seq 2 is acknowledged and not applied again.
    assert_eq!(
        post_caption(&server, &url, 2, "world.\nSecond").await.0,
        200
    );
    assert_eq!(viewer.quiet_for(QUIET).await, None);
    let seq_path = url.replacen("/captions?", "/captions/seq?", 1);
    let cursor = server.get(&seq_path).await;
    assert_eq!((cursor.status, cursor.body.trim()), (200, "2"));
    assert!(cursor
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));

    // Zoom clients append their own lang; the last one wins.
    let french = post_caption(&server, &format!("{url}&lang=fr-FR"), 3, "Bonjour\n").await;
    assert_eq!(french.0, 200);
    assert_eq!(viewer.quiet_for(QUIET).await, None, "Ana follows en only");

    let (status, reason) = post_caption(&server, &url, 4, " line.\n").await;
    assert_eq!(status, 200, "{reason}");
    assert_eq!(
        viewer.next_of_type("caption.final").await["text"],
        "Second line."
    );
}

#[tokio::test]
async fn http_caption_errors_follow_zooms_statuses() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en"])
        .await;
    server.create_session("later", "scheduled").await;
    let url = caption_url(&server, "main", None).await;
    let later_url = caption_url(&server, "later", None).await;
    let moderator = server.invite("main", json!({"role": "moderator"})).await;
    let moderator_url = format!(
        "/api/sessions/main/captions?token={}",
        moderator["token"].as_str().unwrap()
    );
    assert_eq!(post_caption(&server, &url, 1, "kept\n").await.0, 200);

    // (path and query, content type, body, expected status, reason says)
    type Case<'a> = (String, Option<&'a str>, Vec<u8>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            format!("{url}&seq=2"),
            Some("text/plain"),
            b"x".to_vec(),
            200,
            "",
        ),
        (
            url.replace("token=", "token=x"),
            Some("text/plain"),
            b"x".to_vec(),
            403,
            "signature",
        ),
        (
            "/api/sessions/main/captions?seq=9".into(),
            Some("text/plain"),
            b"x".to_vec(),
            403,
            "missing token",
        ),
        (
            format!("{moderator_url}&seq=1"),
            Some("text/plain"),
            b"x".to_vec(),
            403,
            "not a captioner",
        ),
        (
            url.clone(),
            Some("text/plain"),
            b"no seq".to_vec(),
            403,
            "seq",
        ),
        (
            format!("{url}&seq=abc"),
            Some("text/plain"),
            b"x".to_vec(),
            403,
            "seq",
        ),
        (
            format!("{later_url}&seq=1"),
            Some("text/plain"),
            b"x".to_vec(),
            400,
            "not started",
        ),
        (
            format!("{url}&seq=3"),
            Some("text/plain; charset=utf-8"),
            vec![0xff, 0xfe, b'a'],
            400,
            "UTF-8",
        ),
        (
            format!("{url}&seq=4"),
            Some("text/plain; charset=iso-8859-1"),
            b"x".to_vec(),
            400,
            "UTF-8",
        ),
        (
            format!("{url}&seq=5&lang=de"),
            Some("text/plain"),
            b"x".to_vec(),
            400,
            "unknown caption language",
        ),
        (
            format!("{url}&seq=6"),
            Some("text/plain"),
            "x".repeat(501).into_bytes(),
            400,
            "at most 500",
        ),
        (
            format!("{url}&seq=7"),
            Some("text/plain"),
            b"bell\x07".to_vec(),
            400,
            "control",
        ),
        (
            format!("{url}&seq=8"),
            Some("text/plain"),
            vec![b'a'; 20_000],
            413,
            "",
        ),
        (
            "/api/sessions/nope/captions?seq=1".into(),
            Some("text/plain"),
            b"x".to_vec(),
            404,
            "no such session",
        ),
    ];
    for (path, content_type, body, status, says) in cases {
        let response = server.raw("POST", &path, content_type, &body).await;
        assert_eq!(response.status, status, "{path}: {}", response.body);
        assert!(response.body.contains(says), "{path}: {}", response.body);
    }
    let wrong_method = server.raw("PUT", &format!("{url}&seq=9"), None, b"x").await;
    assert_eq!(wrong_method.status, 405);
    assert!(wrong_method.body.contains("POST"));
    let get = server.get(&url).await;
    assert_eq!(get.status, 405);

    // Nothing refused was applied: the transcript has the first line and
    // the partial "x" line only once it ends.
    let transcript = server.get("/api/sessions/main/transcript.txt").await;
    assert!(transcript.body.contains("kept"), "{}", transcript.body);
    assert!(!transcript.body.contains("bell"));
    server
        .patch_session("main", json!({"state": "ended"}))
        .await;
    let (status, reason) = post_caption(&server, &url, 10, "too late\n").await;
    assert_eq!((status, reason.contains("ended")), (400, true), "{reason}");
    let transcript = server.get("/api/sessions/main/transcript.txt").await;
    let lines: Vec<&str> = transcript
        .body
        .lines()
        .filter(|line| line.starts_with('['))
        .collect();
    assert_eq!(lines.len(), 2, "{}", transcript.body);
    assert!(
        lines[1].ends_with(" x"),
        "the open line was finished at the end: {lines:?}"
    );
}

#[tokio::test]
async fn two_captioners_hand_over_without_breaking_or_duplicating_lines() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en"])
        .await;
    let outgoing = caption_url(&server, "main", None).await;
    let incoming_token = captioner_token(&server, "main").await;
    let mut incoming = server
        .join("main", &Join::new("Writer B").token(&incoming_token))
        .await;
    let mut viewer = server.join("main", &Join::new("Ana")).await;

    post_caption(&server, &outgoing, 1, "First line by A.\nA is still ").await;
    incoming
        .send_json(&json!({"type":"caption.push","lang":"en","text":"B starts","final":false}))
        .await;
    post_caption(&server, &outgoing, 2, "finishing.\n").await;
    incoming
        .send_json(&json!({"type":"caption.push","lang":"en","text":"B starts here.","final":true}))
        .await;
    let mut finals = Vec::new();
    while finals.len() < 3 {
        let frame = viewer.next_of_type("caption.final").await;
        finals.push(frame["text"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        finals,
        [
            "First line by A.",
            "A is still finishing.",
            "B starts here."
        ]
    );
    let transcript = server.get("/api/sessions/main/transcript.txt").await;
    for line in &finals {
        assert_eq!(
            transcript.body.matches(line.as_str()).count(),
            1,
            "{}",
            transcript.body
        );
    }
}

#[tokio::test]
async fn a_stored_line_survives_restart_and_its_retry_is_not_applied_again() {
    let mut server = start().await;
    server
        .create_session_with_languages("main", "live", &["en"])
        .await;
    let url = caption_url(&server, "main", None).await;
    assert_eq!(
        post_caption(&server, &url, 1, "Before the restart.\n")
            .await
            .0,
        200
    );
    server.restart().await;
    let seq_path = url.replacen("/captions?", "/captions/seq?", 1);
    assert_eq!(server.get(&seq_path).await.body.trim(), "1");
    assert_eq!(
        post_caption(&server, &url, 1, "Before the restart.\n")
            .await
            .0,
        200
    );
    assert_eq!(post_caption(&server, &url, 2, "After.\n").await.0, 200);
    let late = server.join("main", &Join::new("Late")).await;
    let texts: Vec<&str> = late.welcome["snapshot"]["captions"]["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Before the restart.", "After."]);
}

/// One post numbered `u64::MAX` used to move the invite's cursor past
/// every later post: each was answered 200 and never reached anyone.
#[tokio::test]
async fn a_seq_far_ahead_is_refused_and_cannot_mute_the_captioner() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en"])
        .await;
    let url = caption_url(&server, "main", None).await;
    assert_eq!(post_caption(&server, &url, 1, "First.\n").await.0, 200);
    let (status, reason) = post_caption(&server, &url, u64::MAX, "Nobody hears the rest.\n").await;
    assert_eq!(status, 400, "{reason}");
    assert!(reason.contains("/seq"), "{reason}");
    let seq_path = url.replacen("/captions?", "/captions/seq?", 1);
    assert_eq!(server.get(&seq_path).await.body.trim(), "1");
    assert_eq!(post_caption(&server, &url, 2, "Second.\n").await.0, 200);
    // A client that restarted its count far behind is told so rather than
    // answered 200 for text that goes nowhere.
    assert_eq!(
        post_caption(&server, &url, 200, "Skipped a few.\n").await.0,
        200
    );
    let (status, reason) = post_caption(&server, &url, 1, "Lost?\n").await;
    assert_eq!(status, 400, "{reason}");
    assert!(reason.contains("continue from 201"), "{reason}");
    let transcript = server.get("/api/sessions/main/transcript.txt").await;
    assert!(transcript.body.contains("First.") && transcript.body.contains("Second."));
    assert!(!transcript.body.contains("Nobody hears") && !transcript.body.contains("Lost?"));
}

#[tokio::test]
async fn resuming_clients_get_only_their_tracks() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en", "fr"])
        .await;
    let url_en = caption_url(&server, "main", Some("en")).await;
    let url_fr = caption_url(&server, "main", Some("fr")).await;
    let viewer = server
        .join("main", &Join::new("Bo").client_id("bo-1").captions(&["fr"]))
        .await;
    let secret = viewer.welcome["resume_secret"].as_str().unwrap().to_owned();
    viewer.close().await;
    post_caption(&server, &url_en, 1, "English.\n").await;
    post_caption(&server, &url_fr, 1, "Français.\n").await;
    let mut chatter = server.join("main", &Join::new("Chat")).await;
    chatter.chat("c1", "hello").await;

    let mut back = server.connect("main").await;
    back.join(
        &Join::new("Bo")
            .client_id("bo-1")
            .resume_secret(&secret)
            .resume_from(0)
            .captions(&["fr"]),
    )
    .await;
    // The replay ends with the chat (seq 3), the last event of the session:
    // read up to it, however slowly it comes, then nothing more may follow.
    let mut replayed = Vec::new();
    loop {
        let frame = back.next_non_presence().await;
        let last = frame["type"] == "chat.message" && frame["seq"] == 3;
        replayed.push(frame);
        if last {
            break;
        }
        assert!(replayed.len() < 10, "no chat with seq 3 in {replayed:?}");
    }
    assert_eq!(back.quiet_for(QUIET).await, None, "after {replayed:?}");
    let kinds: Vec<(String, u64)> = replayed
        .iter()
        .map(|frame| {
            (
                frame["type"].as_str().unwrap().to_owned(),
                frame["seq"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("caption.final".to_owned(), 2),
            ("chat.message".to_owned(), 3)
        ],
        "the en line (seq 1) is left out"
    );
}

#[tokio::test]
async fn transcripts_are_served_in_three_formats() {
    let server = start().await;
    server
        .create_session_with_languages("main", "live", &["en", "fr"])
        .await;
    let url = caption_url(&server, "main", None).await;
    post_caption(&server, &url, 1, "Welcome to the session.\n").await;
    post_caption(&server, &url, 2, "Fish & chips <b>not</b> --> markup.\n").await;

    let vtt = server
        .get("/api/sessions/main/transcript.vtt?lang=en")
        .await;
    assert_eq!(vtt.status, 200);
    assert_eq!(vtt.header("content-type"), Some("text/vtt; charset=utf-8"));
    assert!(vtt.body.starts_with("WEBVTT"));
    assert!(vtt.body.contains("not an authoritative record"));
    assert!(vtt.body.contains("Welcome to the session."));
    assert!(vtt.body.contains("Fish &amp; chips &lt;b&gt;not&lt;/b&gt;"));

    let srt = server.get("/api/sessions/main/transcript.srt").await;
    assert_eq!(srt.status, 200);
    assert_eq!(
        srt.header("content-type"),
        Some("application/x-subrip; charset=utf-8")
    );
    assert!(srt.body.contains("00:00:00,000 --> 00:00:01,000"));
    assert!(srt
        .header("content-disposition")
        .unwrap()
        .contains("main-en.srt"));

    let txt = server
        .get("/api/sessions/main/transcript.txt?lang=EN")
        .await;
    assert_eq!(
        txt.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(txt.body.contains("not an authoritative record"));

    let empty_french = server
        .get("/api/sessions/main/transcript.vtt?lang=fr")
        .await;
    assert_eq!(empty_french.status, 200);
    assert!(!empty_french.body.contains("Welcome"));
    let unknown = server
        .get("/api/sessions/main/transcript.vtt?lang=de")
        .await;
    assert_eq!(
        (unknown.status, unknown.error_code().as_str()),
        (400, "invalid_field")
    );
    let missing = server.get("/api/sessions/nope/transcript.vtt").await;
    assert_eq!(missing.status, 404);
}
