//! The texts of the Login history screen (beyond the manual), in both languages.

use cis_shared::Locale;
use leptos::prelude::*;

use super::I18n;

/// The texts of the Login history screen and its ⚙ menu item.
pub struct LoginHistoryTexts {
    pub menu_item: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub device: &'static str,
    pub client_address: &'static str,
    pub started: &'static str,
    pub last_active: &'static str,
    pub this_device: &'static str,
    pub end: &'static str,
    pub unknown_device: &'static str,
    pub unknown: &'static str,
    pub notes: [&'static str; 3],
    /// When this login ends however active.
    pub ends_at: fn(&str) -> String,
    pub confirm_title: &'static str,
    /// The device and where and when it logged in.
    pub confirm_text: fn(&str, &str, &str) -> String,
    pub cancel: &'static str,
    pub ended: &'static str,
}

pub const HISTORY_JA: LoginHistoryTexts = LoginHistoryTexts {
    menu_item: "ログイン履歴",
    title: "ログイン履歴",
    intro: "現在ログインしている端末の一覧です。心当たりのないログインや、ログアウトし忘れた端末があれば「終了」を押してください。",
    device: "端末",
    client_address: "接続元",
    started: "ログイン日時",
    last_active: "最終操作日時",
    this_device: "この端末",
    end: "終了",
    unknown_device: "不明な端末",
    unknown: "不明",
    notes: [
        "ログアウトした端末や、一定時間操作がなく自動的にログアウトした端末は表示されません。",
        "終了した端末では、すぐにログアウトした状態になります。",
        "この端末のログインを終了するには、メニューの「ログアウト」を使用してください。",
    ],
    ends_at: |at| format!("この端末のログインは、操作を続けていても {at} に自動的に終了します。"),
    confirm_title: "ログインの終了",
    confirm_text: |device, address, started| {
        format!("{device}（接続元 {address}、{started} にログイン）のログインを終了します。よろしいですか？")
    },
    cancel: "キャンセル",
    ended: "ログインを終了しました。",
};

pub const HISTORY_EN: LoginHistoryTexts = LoginHistoryTexts {
    menu_item: "Login history",
    title: "Login history",
    intro: "These are the devices logged in to your account now. If you do not recognise a login, or forgot to log out somewhere, press End.",
    device: "Device",
    client_address: "Connected from",
    started: "Logged in",
    last_active: "Last active",
    this_device: "This device",
    end: "End",
    unknown_device: "Unknown device",
    unknown: "Unknown",
    notes: [
        "Devices that logged out, or were logged out automatically after a time without activity, are not shown.",
        "A device whose login you end is logged out at once.",
        "To end the login of this device, use Logout in the menu.",
    ],
    ends_at: |at| format!("The login of this device ends automatically at {at}, even if you keep using it."),
    confirm_title: "End a login",
    confirm_text: |device, address, started| {
        format!("End the login of {device} (connected from {address}, logged in {started})?")
    },
    cancel: "Cancel",
    ended: "The login has been ended.",
};

impl I18n {
    pub fn history(&self) -> &'static LoginHistoryTexts {
        match self.locale.get() {
            Locale::Ja => &HISTORY_JA,
            Locale::En => &HISTORY_EN,
        }
    }
}
