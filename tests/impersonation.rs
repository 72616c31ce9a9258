//! No participant can pass for staff: role words and staff names in
//! look-alike letters are refused at `join`, bidi controls and invisible
//! characters are taken out of names, texts with nothing visible are
//! refused, and staff messages carry a role badge from the server.

mod common;

use common::{start, Join};
use serde_json::json;

#[tokio::test]
async fn look_alike_names_bidi_tricks_and_invisible_texts_are_stopped() {
    let server = start().await;
    server.create_session("main", "live").await;
    let token = server.invite("main", json!({"role": "moderator"})).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut chair = server
        .join("main", &Join::new("Amina Diallo").token(&token))
        .await;

    for name in [
        "Moderator",
        "Moder\u{200B}ator",
        "M\u{043E}derator",
        "\u{0410}mina Diallo",
        "amina  diallo",
    ] {
        let mut impostor = server.connect("main").await;
        impostor.send_json(&Join::new(name).to_json()).await;
        let refusal = impostor.next_json().await;
        assert_eq!(refusal["type"], "error", "{name:?} was let in: {refusal}");
        assert_eq!(refusal["code"], "invalid_field", "{name:?}");
        // The connection stays open: the person can choose another name.
        impostor
            .join(&Join::new(&format!("Guest {}", name.len())))
            .await;
    }

    let mut spoofer = server.join("main", &Join::new("Ana\u{202E}gnp.exe")).await;
    assert_eq!(spoofer.welcome["participant"]["name"], "Anagnp.exe");

    let blank = spoofer
        .expect_error(&json!({"type":"chat.send","id":"z","text":"\u{200B}".repeat(5)}).to_string())
        .await;
    assert_eq!(blank["code"], "invalid_field");
    let blank_question = spoofer
        .expect_error(
            &json!({"type":"question.ask","id":"q","text":"\u{2060}\u{FEFF} \u{200B}"}).to_string(),
        )
        .await;
    assert_eq!(blank_question["code"], "invalid_field");

    let (participant_message, _) = spoofer.chat("c1", "Hello").await;
    assert!(
        participant_message["from"].get("role").is_none(),
        "{participant_message}"
    );
    assert_eq!(chair.next_of_type("chat.message").await["text"], "Hello");
    let (staff_message, _) = chair.chat("c2", "Welcome, everyone").await;
    assert_eq!(staff_message["from"]["role"], "moderator");
    assert_eq!(staff_message["from"]["name"], "Amina Diallo");
    assert_eq!(
        spoofer.next_of_type("chat.message").await["from"]["role"],
        "moderator"
    );
    spoofer.ping_pong("still here").await;
}
