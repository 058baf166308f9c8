<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="45" />
        <location filename="../../app/ui/about_dialog.py" line="46" />
        <source>About Daycast</source>
        <translation>Daycast について</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="56" />
        <source>Model licences</source>
        <translation>モデルのライセンス</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="68" />
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>ActivityView</name>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="23" />
        <source>What is happening</source>
        <translation>いま行っていること</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="26" />
        <source>Progress</source>
        <translation>進行状況</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="32" />
        <source>Caption</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="35" />
        <source>◀  Back</source>
        <translation>◀  戻る</translation>
    </message>
</context>
<context>
    <name>AdminPanel</name>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="40" />
        <location filename="../../app/kiosk/admin_panel.py" line="88" />
        <source>Kiosk settings</source>
        <translation>キオスクの設定</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="45" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="47" />
        <source>Idle time before the attract loop</source>
        <translation>デモ表示に切り替わるまでの待ち時間</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="52" />
        <source>new PIN (4–12 digits), leave empty to keep</source>
        <translation>新しい PIN（4〜12 桁）。変えない場合は空欄</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="53" />
        <source>New PIN</source>
        <translation>新しい PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="56" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="58" />
        <source>Make today's demo again</source>
        <translation>今日のデモを作り直す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="59" />
        <source>Exit kiosk</source>
        <translation>キオスクを終了</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="60" />
        <source>Back to the kiosk</source>
        <translation>キオスクに戻る</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="81" />
        <source>Attract loop after</source>
        <translation>デモ表示までの時間</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="82" />
        <source>Speaker</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="83" />
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="84" />
        <source>Admin PIN</source>
        <translation>管理者 PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="116" />
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
</context>
<context>
    <name>AssistantView</name>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="25" />
        <source>No microphone found. Connect one (Settings → Audio devices), or type your question below.</source>
        <translation>マイクが見つかりません。接続するか（設定 → オーディオデバイス）、下に質問を入力してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="53" />
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="54" />
        <source>Ask about your day. Hold the button, or press Ctrl+Space to start and stop talking.</source>
        <translation>今日のことを聞いてください。ボタンを押したまま話すか、Ctrl+Space で話し始めと終わりを切り替えます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="58" />
        <source>Microphone status</source>
        <translation>マイクの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="59" />
        <location filename="../../app/ui/assistant_view.py" line="184" />
        <location filename="../../app/ui/assistant_view.py" line="214" />
        <source>Hold to talk</source>
        <translation>押して話す</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="61" />
        <source>Push to talk</source>
        <translation>プッシュ・トゥ・トーク</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="63" />
        <source>Hold with the mouse or the Space bar; Ctrl+Space toggles</source>
        <translation>マウスかスペースキーを押している間だけ聞き取ります。Ctrl+Space で切り替え</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="64" />
        <source>Hands-free: listen all the time and answer when I stop speaking</source>
        <translation>ハンズフリー：常に聞き取り、話し終えたら答える</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="65" />
        <source>Hands-free listening</source>
        <translation>ハンズフリーの聞き取り</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="67" />
        <source>What you are saying</source>
        <translation>話している内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="70" />
        <source>Or type a question and press Enter</source>
        <translation>または質問を入力して Enter</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="71" />
        <source>Type a question</source>
        <translation>質問を入力</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="72" />
        <source>Ask</source>
        <translation>質問する</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="73" />
        <source>Ask the typed question</source>
        <translation>入力した質問をする</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="74" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="75" />
        <source>Stop the answer</source>
        <translation>回答を止める</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="122" />
        <source>Voice input arrives with the assistant pipeline; typed questions work now.</source>
        <translation>音声入力はアシスタントの処理と一緒に使えるようになります。入力した質問は今すぐ使えます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="125" />
        <source>the default microphone</source>
        <translation>既定のマイク</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="126" />
        <source>Listening through {name}.</source>
        <translation>{name} で聞き取ります。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="205" />
        <source>Listening… release to send</source>
        <translation>聞き取り中… 離すと送信</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="206" />
        <source>Listening…</source>
        <translation>聞き取り中…</translation>
    </message>
</context>
<context>
    <name>AttractView</name>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="27" />
        <source>Touch anywhere to start</source>
        <translation>どこかに触れて始める</translation>
    </message>
</context>
<context>
    <name>CloudEditor</name>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="30" />
        <source>Allow a cloud model when the policy permits</source>
        <translation>方針が許すときはクラウドのモデルを使う</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="31" />
        <source>Allow the cloud endpoint</source>
        <translation>クラウドのエンドポイントを許可</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="33" />
        <source>https://api.example.com/v1</source>
        <translation>https://api.example.com/v1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="34" />
        <source>Cloud endpoint base URL</source>
        <translation>クラウドのエンドポイントのベース URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="36" />
        <source>model name</source>
        <translation>モデル名</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="37" />
        <source>Cloud model name</source>
        <translation>クラウドのモデル名</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="40" />
        <source>paste a key to store it in the keyring</source>
        <translation>キーを貼り付けるとキーリングに保存されます</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="41" />
        <source>Cloud API key</source>
        <translation>クラウドの API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="42" />
        <source>Save key</source>
        <translation>キーを保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="43" />
        <source>Save the API key to the OS keyring</source>
        <translation>API キーを OS のキーリングに保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="44" />
        <source>The key is kept in the OS keyring (or DAYCAST_API_KEY), never in files.</source>
        <translation>キーは OS のキーリング（または DAYCAST_API_KEY）に保管し、ファイルには書きません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="47" />
        <source>API key status</source>
        <translation>API キーの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="54" />
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="55" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="56" />
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="81" />
        <source>Paste a key first.</source>
        <translation>先にキーを貼り付けてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="86" />
        <source>Not saved: {reason}</source>
        <translation>保存できませんでした：{reason}</translation>
    </message>
</context>
<context>
    <name>ConversationWidget</name>
    <message>
        <location filename="../../app/ui/conversation_widget.py" line="26" />
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
</context>
<context>
    <name>DocumentDropList</name>
    <message>
        <location filename="../../app/ui/document_drop_list.py" line="19" />
        <source>Documents for the episode</source>
        <translation>エピソードの資料</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_drop_list.py" line="22" />
        <source>Drop PDFs, Markdown, text, saved web pages or feeds here</source>
        <translation>PDF、Markdown、テキスト、保存した Web ページ、フィードをここにドロップ</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../app/ui/history_view.py" line="29" />
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="31" />
        <source>Past briefings and episodes</source>
        <translation>これまでのブリーフィングとエピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="33" />
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="34" />
        <source>Look for new briefings and episodes</source>
        <translation>新しいブリーフィングとエピソードを探す</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="38" />
        <source>Choose a briefing or episode on the left to play it.</source>
        <translation>左からブリーフィングかエピソードを選ぶと再生できます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="39" />
        <source>Details of the chosen item</source>
        <translation>選んだ項目の詳細</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="41" />
        <source>The transcript of the chosen item appears here.</source>
        <translation>選んだ項目の書き起こしがここに表示されます。</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="13" />
        <source>No microphone is connected, so tap a question below instead.</source>
        <translation>マイクが接続されていません。代わりに下の質問をタップしてください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="111" />
        <source>No microphone</source>
        <translation>マイクなし</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="112" />
        <source>Hold the button and ask about the day.</source>
        <translation>ボタンを押したまま、今日のことを聞いてください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="116" />
        <source>Listening…
let go to ask</source>
        <translation>聞いています…
離すと質問します</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="28" />
        <source>Daycast</source>
        <translation>Daycast</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="30" />
        <source>Your day, spoken. Made on this computer, with no internet.</source>
        <translation>あなたの一日を声で。インターネットなしで、このコンピューターで作ります。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="33" />
        <source>Settings (admin PIN)</source>
        <translation>設定（管理者 PIN）</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="37" />
        <source>Hold to talk</source>
        <translation>押して話す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="39" />
        <source>Push to talk</source>
        <translation>プッシュ・トゥ・トーク</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="44" />
        <source>Microphone status</source>
        <translation>マイクの状態</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="49" />
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="57" />
        <source>▶  Play today's briefing</source>
        <translation>▶  今日のブリーフィングを再生</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="58" />
        <source>Make a podcast from this sample</source>
        <translation>このサンプルからポッドキャストを作る</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="82" />
        <source>Try asking:</source>
        <translation>聞いてみましょう：</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="118" />
        <source>&lt;p&gt;Ask me what's on today's calendar, what's in the news, or tap a question below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;今日の予定やニュースについて聞くか、下の質問をタップしてください。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>HostEditor</name>
    <message>
        <location filename="../../app/ui/host_editor.py" line="33" />
        <source>Preview</source>
        <translation>試聴</translation>
    </message>
</context>
<context>
    <name>JobPage</name>
    <message>
        <location filename="../../app/ui/job_page.py" line="20" />
        <source>Cancelled. Nothing half-written was left at the output path.</source>
        <translation>キャンセルしました。出力先に書きかけのファイルは残っていません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/job_page.py" line="27" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/job_page.py" line="32" />
        <source>cancelled</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../app/kiosk/window.py" line="94" />
        <source>Daycast kiosk</source>
        <translation>Daycast キオスク</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="40" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="40" />
        <source>Podcast studio</source>
        <translation>ポッドキャスト</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="41" />
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="41" />
        <source>Models &amp; backend</source>
        <translation>モデルとバックエンド</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="42" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="42" />
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="43" />
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="56" />
        <source>Daycast</source>
        <translation>Daycast</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="74" />
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="92" />
        <location filename="../../app/ui/main_window.py" line="134" />
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="110" />
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="111" />
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="115" />
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="121" />
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="122" />
        <source>&amp;About Daycast and model licences</source>
        <translation>Daycast とモデルのライセンスについて(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="187" />
        <source>Daycast could not prepare the briefing</source>
        <translation>Daycast はブリーフィングを準備できませんでした</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193" />
        <source>Your briefing is ready</source>
        <translation>ブリーフィングの準備ができました</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="194" />
        <source>{length} of audio. Open Daycast to listen.</source>
        <translation>音声 {length}。Daycast を開いて聞いてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="199" />
        <source>Your episode is ready</source>
        <translation>エピソードができました</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../../app/ui/message_banner.py" line="14" />
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_banner.py" line="15" />
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_banner.py" line="16" />
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>ModelsView</name>
    <message>
        <location filename="../../app/ui/models_view.py" line="59" />
        <source>Models &amp; backend</source>
        <translation>モデルとバックエンド</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="60" />
        <source>Everything runs on this computer unless you add a self-hosted server or allow a cloud model in Settings.</source>
        <translation>設定で自分のサーバーを追加するかクラウドのモデルを許可しない限り、すべてこのコンピューターで動きます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="73" />
        <location filename="../../app/ui/models_view.py" line="142" />
        <source>Checking devices…</source>
        <translation>デバイスを確認中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="74" />
        <source>Routes per engine</source>
        <translation>エンジンごとの経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="78" />
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="79" />
        <source>Download the selected model</source>
        <translation>選んだモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="81" />
        <source>Cancel download</source>
        <translation>ダウンロードをキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="82" />
        <source>Cancel the download</source>
        <translation>ダウンロードをキャンセルする</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="85" />
        <source>Download progress</source>
        <translation>ダウンロードの進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="89" />
        <source>Download status</source>
        <translation>ダウンロードの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="107" />
        <source>Compute device</source>
        <translation>計算デバイス</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="111" />
        <source>Routes: where each engine runs</source>
        <translation>経路：各エンジンが動く場所</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="113" />
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="155" />
        <source>Could not read the model list: {reason}</source>
        <translation>モデルの一覧を読めませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="175" />
        <source>Setting: {choice}. Engines fall back to the CPU when a GPU check fails; the reason is shown above.</source>
        <translation>設定：{choice}。GPU の確認に失敗したエンジンは CPU を使います。理由は上に表示しています。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="222" />
        <source>Downloading {model}…</source>
        <translation>{model} をダウンロード中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="236" />
        <source>Installed and verified.</source>
        <translation>インストールして検証しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="237" />
        <source>Download failed: {reason}</source>
        <translation>ダウンロードに失敗しました：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="240" />
        <source>Download cancelled; nothing installed.</source>
        <translation>ダウンロードをキャンセルしました。何もインストールしていません。</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="21" />
        <source>Admin PIN</source>
        <translation>管理者 PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="30" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="36" />
        <source>PIN message</source>
        <translation>PIN のメッセージ</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="37" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="39" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="58" />
        <source>Delete a digit</source>
        <translation>1 桁消す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="77" />
        <source>Wrong PIN</source>
        <translation>PIN が違います</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="84" />
        <source>Too many wrong PINs. Try again in {seconds} s.</source>
        <translation>PIN の誤りが多すぎます。{seconds} 秒後にもう一度試してください。</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../../app/ui/player_widget.py" line="29" />
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="30" />
        <source>Play or pause</source>
        <translation>再生／一時停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="31" />
        <source>Play or pause (Ctrl+P)</source>
        <translation>再生／一時停止（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="35" />
        <source>Playback position</source>
        <translation>再生位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="40" />
        <source>Elapsed and total time</source>
        <translation>経過時間と全体の長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="43" />
        <source>Playback speed</source>
        <translation>再生速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="49" />
        <source>Playback status</source>
        <translation>再生の状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="62" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
</context>
<context>
    <name>PodcastView</name>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="83" />
        <source>Podcast studio</source>
        <translation>ポッドキャスト</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="84" />
        <source>Two hosts talk through your documents. Read and edit the script before it is voiced.</source>
        <translation>二人のホストが資料について話します。音声にする前に台本を読んで編集できます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="88" />
        <source>Add documents…</source>
        <translation>資料を追加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="89" />
        <location filename="../../app/ui/podcast_view.py" line="262" />
        <source>Add documents</source>
        <translation>資料を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="90" />
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="91" />
        <source>Remove the selected document</source>
        <translation>選んだ資料を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="93" />
        <source>Title (written from the documents if empty)</source>
        <translation>タイトル（空欄なら資料から作成）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="94" />
        <source>Episode title</source>
        <translation>エピソードのタイトル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="99" />
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="100" />
        <source>Episode length in minutes</source>
        <translation>エピソードの長さ（分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="104" />
        <source>Episode format</source>
        <translation>エピソードの形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="106" />
        <source>Focus: what to emphasise, who is listening (optional)</source>
        <translation>重点：強調したいこと、聞き手（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="107" />
        <source>Episode focus</source>
        <translation>エピソードの重点</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="110" />
        <source>Write script</source>
        <translation>台本を書く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="112" />
        <source>Write the script</source>
        <translation>台本を書く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="116" />
        <source>Save script…</source>
        <translation>台本を保存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="117" />
        <source>Save the script as JSON</source>
        <translation>台本を JSON で保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="118" />
        <source>Open script…</source>
        <translation>台本を開く…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="119" />
        <source>Open a script JSON file</source>
        <translation>台本の JSON ファイルを開く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="124" />
        <source>Chapters</source>
        <translation>チャプター</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="126" />
        <source>Write chapters</source>
        <translation>チャプターを書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="128" />
        <source>Feed folder (optional)</source>
        <translation>フィードのフォルダー（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="129" />
        <source>An RSS feed with this episode is written to this folder</source>
        <translation>このエピソードを含む RSS フィードをこのフォルダーに書き出します</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="130" />
        <source>Feed folder</source>
        <translation>フィードのフォルダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="131" />
        <source>Render episode</source>
        <translation>エピソードを音声にする</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="133" />
        <source>Render the episode</source>
        <translation>エピソードを音声にする</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="134" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="135" />
        <source>Cancel writing or rendering</source>
        <translation>台本作成または音声化をキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="138" />
        <source>Podcast status</source>
        <translation>ポッドキャストの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="141" />
        <source>Notes about this episode</source>
        <translation>このエピソードについてのお知らせ</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="145" />
        <source>Models that made this episode</source>
        <translation>このエピソードを作ったモデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="147" />
        <source>Earlier episodes</source>
        <translation>以前のエピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="174" />
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="175" />
        <source>Length</source>
        <translation>長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="176" />
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="177" />
        <source>Focus</source>
        <translation>重点</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="182" />
        <source>Documents</source>
        <translation>資料</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="184" />
        <source>Show</source>
        <translation>番組</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="188" />
        <source>Episodes</source>
        <translation>エピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="192" />
        <source>Script</source>
        <translation>台本</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="197" />
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="270" />
        <source>Save script</source>
        <translation>台本を保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="270" />
        <location filename="../../app/ui/podcast_view.py" line="284" />
        <source>Script (*.json)</source>
        <translation>台本 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="279" />
        <source>Script saved to {path}</source>
        <translation>台本を {path} に保存しました</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="283" />
        <source>Open script</source>
        <translation>台本を開く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="312" />
        <source>Writing…</source>
        <translation>作成中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="324" />
        <source>Script ready: about {minutes} minutes. Edit any line, then Render.</source>
        <translation>台本ができました（約 {minutes} 分）。行を編集してから「音声にする」を押してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="367" />
        <source>Episode ready: {length}, saved as {name}.</source>
        <translation>エピソードができました：{length}、{name} として保存しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="389" />
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="427" />
        <source>None yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="486" />
        <source>Preparing a preview of {voice}…</source>
        <translation>{voice} の試聴を準備中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="492" />
        <source>No preview: {reason}</source>
        <translation>試聴できません：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="498" />
        <source>Playing the voice preview.</source>
        <translation>声の試聴を再生しています。</translation>
    </message>
</context>
<context>
    <name>ScheduleEditor</name>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="26" />
        <source>Prepare my briefing automatically</source>
        <translation>ブリーフィングを自動で準備する</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="27" />
        <source>Prepare the briefing on a schedule</source>
        <translation>予定した時刻にブリーフィングを準備する</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="29" />
        <source>Schedule days</source>
        <translation>曜日</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="34" />
        <source>Schedule time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="35" />
        <source>Install user timer</source>
        <translation>ユーザータイマーを設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="37" />
        <source>Install a user timer that prepares the briefing while Daycast is closed</source>
        <translation>Daycast を閉じている間もブリーフィングを準備するユーザータイマーを設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="38" />
        <source>Writes a systemd user timer that runs 'daycast brief' on this schedule</source>
        <translation>この予定で 'daycast brief' を実行する systemd ユーザータイマーを書き出します</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="42" />
        <source>Timer installation result</source>
        <translation>タイマー設定の結果</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="46" />
        <source>at</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="99" />
        <source>Turn the schedule on first.</source>
        <translation>先に予定をオンにしてください。</translation>
    </message>
</context>
<context>
    <name>ScriptEditor</name>
    <message>
        <location filename="../../app/ui/script_editor.py" line="60" />
        <source>Script lines</source>
        <translation>台本の行</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="71" />
        <source>No script yet.</source>
        <translation>台本はまだありません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="73" />
        <source>Script length</source>
        <translation>台本の長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="74" />
        <source>Add line</source>
        <translation>行を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="75" />
        <source>Add a line after the selected one</source>
        <translation>選んだ行の後に行を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="76" />
        <source>Delete line</source>
        <translation>行を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="77" />
        <source>Delete the selected line</source>
        <translation>選んだ行を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="172" />
        <source>{title} · {chapters} chapters · {words} words · about {minutes} min</source>
        <translation>{title} · {chapters} チャプター · {words} 語 · 約 {minutes} 分</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../app/ui/settings_view.py" line="42" />
        <source>Cloud first, this computer as fallback</source>
        <translation>クラウド優先、だめならこのコンピューター</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="43" />
        <location filename="../../app/ui/settings_view.py" line="47" />
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="44" />
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="44" />
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="45" />
        <source>Follow the sources</source>
        <translation>情報源に合わせる</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="48" />
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="72" />
        <source>{name} (not connected)</source>
        <translation>{name}（未接続）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="84" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="84" />
        <source>Changes are saved as you make them.</source>
        <translation>変更はすぐに保存されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="88" />
        <source>Settings file message</source>
        <translation>設定ファイルについてのメッセージ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="93" />
        <location filename="../../app/ui/settings_view.py" line="145" />
        <source>Briefing voice</source>
        <translation>ブリーフィングの声</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="100" />
        <source>Speaking speed</source>
        <translation>話す速さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="104" />
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="105" />
        <source>Briefing length in minutes</source>
        <translation>ブリーフィングの長さ（分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="109" />
        <location filename="../../app/ui/settings_view.py" line="184" />
        <location filename="../../app/ui/settings_view.py" line="263" />
        <source>Output folder</source>
        <translation>出力フォルダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="111" />
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="112" />
        <source>Choose the output folder</source>
        <translation>出力フォルダーを選ぶ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="114" />
        <location filename="../../app/ui/settings_view.py" line="156" />
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="116" />
        <source>Speakers or headphones</source>
        <translation>スピーカーまたはヘッドホン</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="39" />
        <source>This computer and my own servers only</source>
        <translation>このコンピューターと自分のサーバーだけ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="40" />
        <source>This computer first, then my servers, then the cloud</source>
        <translation>このコンピューター、次に自分のサーバー、最後にクラウド</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="41" />
        <source>My own servers first, then this computer</source>
        <translation>自分のサーバー優先、次にこのコンピューター</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="118" />
        <source>Privacy mode: nothing goes to the cloud (only this computer and your own servers)</source>
        <translation>プライバシーモード：クラウドには何も送りません（このコンピューターと自分のサーバーだけ）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="119" />
        <source>Privacy mode</source>
        <translation>プライバシーモード</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="121" />
        <source>Model routing policy</source>
        <translation>モデルの使い分け方針</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="128" />
        <location filename="../../app/ui/settings_view.py" line="166" />
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="132" />
        <source>Language of briefings, podcasts and the assistant</source>
        <translation>ブリーフィング、ポッドキャスト、アシスタントの言語</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="136" />
        <source>Language of the window</source>
        <translation>画面の言語</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="146" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="147" />
        <source>Briefing length</source>
        <translation>ブリーフィングの長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="157" />
        <source>Speakers</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="162" />
        <source>Which models answer</source>
        <translation>回答するモデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="170" />
        <source>Speech and writing</source>
        <translation>音声と文章</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="171" />
        <source>Window</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="181" />
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="182" />
        <source>Feeds, calendar files (.ics), notes, PDFs and saved pages; folders are read whole.</source>
        <translation>フィード、カレンダーファイル（.ics）、メモ、PDF、保存したページ。フォルダーは中身をすべて読みます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="183" />
        <source>Voice</source>
        <translation>声</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="185" />
        <source>Briefings and episodes are saved here; History lists them.</source>
        <translation>ブリーフィングとエピソードはここに保存され、履歴に表示されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="186" />
        <source>Audio devices</source>
        <translation>オーディオデバイス</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="187" />
        <source>Stored by name, so a device is found again after it is unplugged and plugged back.</source>
        <translation>名前で記録するので、抜き差ししても同じデバイスが見つかります。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="188" />
        <source>Privacy and cloud</source>
        <translation>プライバシーとクラウド</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="189" />
        <source>Your servers and cloud routes</source>
        <translation>自分のサーバーとクラウドの経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="190" />
        <source>OpenAI-compatible servers for the language model, speech recognition and voices: vLLM, llama-server, another Daycast (`daycast serve`). `daycast devices` shows which one served what.</source>
        <translation>言語モデル、音声認識、音声合成のための OpenAI 互換サーバー：vLLM、llama-server、別の Daycast（`daycast serve`）。どれが何を処理したかは `daycast devices` で確認できます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="192" />
        <source>Daily schedule</source>
        <translation>毎日の予定</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="193" />
        <source>While Daycast runs it prepares the briefing itself; the user timer also does it while Daycast is closed.</source>
        <translation>Daycast の起動中は自分でブリーフィングを準備します。ユーザータイマーがあれば、閉じている間も準備します。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="195" />
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="196" />
        <source>Briefings, podcasts and the assistant speak English or Japanese; "Follow the sources" picks the language the sources are written in. The window's language applies the next time Daycast starts.</source>
        <translation>ブリーフィング、ポッドキャスト、アシスタントは英語か日本語で話します。「情報源に合わせる」は情報源の言語を選びます。画面の言語は次に Daycast を起動したときに反映されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="198" />
        <source>Appearance</source>
        <translation>外観</translation>
    </message>
</context>
<context>
    <name>SourceListEditor</name>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="35" />
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="38" />
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="39" />
        <source>Add source files</source>
        <translation>情報源のファイルを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="40" />
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="41" />
        <location filename="../../app/ui/source_list_editor.py" line="104" />
        <source>Add a folder of sources</source>
        <translation>情報源のフォルダーを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="42" />
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="43" />
        <source>Remove the selected source</source>
        <translation>選んだ情報源を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="45" />
        <source>https://example.org/feed.xml</source>
        <translation>https://example.org/feed.xml</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="46" />
        <source>Feed address</source>
        <translation>フィードのアドレス</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="47" />
        <source>Add feed</source>
        <translation>フィードを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="48" />
        <source>Add the feed address</source>
        <translation>フィードのアドレスを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="100" />
        <source>Add sources</source>
        <translation>情報源を追加</translation>
    </message>
</context>
<context>
    <name>StageProgressWidget</name>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="11" />
        <source>Loading models</source>
        <translation>モデルを読み込み中</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="12" />
        <source>Reading sources</source>
        <translation>情報源を読み込み</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="13" />
        <source>Writing and speaking</source>
        <translation>作成と読み上げ</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="14" />
        <source>Summarising items</source>
        <translation>項目の要約</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="15" />
        <source>Condensing documents</source>
        <translation>資料の圧縮</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="16" />
        <source>Loading voices</source>
        <translation>声を読み込み</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="17" />
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="18" />
        <source>Downloading</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="19" />
        <source>Writing the script</source>
        <translation>台本の作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="20" />
        <location filename="../../app/ui/stage_progress_widget.py" line="21" />
        <source>Voicing lines</source>
        <translation>台詞の音声化</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="22" />
        <source>Mixing</source>
        <translation>ミキシング</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="23" />
        <source>Loudness</source>
        <translation>音量の調整</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="24" />
        <source>Saving files</source>
        <translation>ファイルを保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="36" />
        <source>Progress by stage</source>
        <translation>段階ごとの進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="86" />
        <source>done in {seconds} s</source>
        <translation>{seconds} 秒で完了</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="95" />
        <source>done</source>
        <translation>完了</translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="42" />
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="42" />
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="43" />
        <source>Last fetch</source>
        <translation>最終取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="43" />
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="44" />
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="60" />
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="61" />
        <source>Feeds, calendars, web pages, CalDAV and mail (folders or IMAP) your briefing and assistant read. They are fetched before each briefing and kept for offline use.</source>
        <translation>ブリーフィングとアシスタントが読むフィード、カレンダー、ウェブページ、CalDAV、メール（フォルダーまたは IMAP）。ブリーフィングの前に毎回取得し、オフライン用に保存します。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="63" />
        <source>Fetch my sources from the network (allowed in privacy mode: nothing of yours is sent)</source>
        <translation>情報源をネットワークから取得する（プライバシーモードでも可：あなたのデータは何も送信されません）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="65" />
        <source>Fetch sources from the network</source>
        <translation>情報源をネットワークから取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="68" />
        <source>https://example.org/ (a feed, a page, an .ics or webcal address), imaps://mail.example.org/INBOX, or a path</source>
        <translation>https://example.org/（フィード、ページ、.ics または webcal のアドレス）、imaps://mail.example.org/INBOX、またはパス</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="70" />
        <source>Source address</source>
        <translation>情報源のアドレス</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="72" />
        <source>Name (optional)</source>
        <translation>名前（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="73" />
        <source>Source name</source>
        <translation>情報源の名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="76" />
        <source>Login (CalDAV or IMAP)</source>
        <translation>ログイン（CalDAV または IMAP）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="77" />
        <source>Login user name</source>
        <translation>ログインのユーザー名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="80" />
        <source>Password (kept in the OS keyring)</source>
        <translation>パスワード（OS のキーリングに保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="81" />
        <source>Login password</source>
        <translation>ログインのパスワード</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="84" />
        <source>The address is a CalDAV calendar</source>
        <translation>このアドレスは CalDAV カレンダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="85" />
        <source>CalDAV calendar</source>
        <translation>CalDAV カレンダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="86" />
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="88" />
        <source>Add the source</source>
        <translation>情報源を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="90" />
        <source>What was found</source>
        <translation>見つかったもの</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="93" />
        <source>Subscriptions</source>
        <translation>購読</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="101" />
        <source>Fetch now</source>
        <translation>今すぐ取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="102" />
        <source>Fetch every source now</source>
        <translation>すべての情報源を今すぐ取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="103" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="104" />
        <source>Cancel fetching</source>
        <translation>取得をキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="106" />
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="107" />
        <source>Remove the selected source</source>
        <translation>選んだ情報源を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="108" />
        <source>Import OPML…</source>
        <translation>OPML を読み込む…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="109" />
        <source>Import subscriptions from an OPML file</source>
        <translation>OPML ファイルから購読を読み込む</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="110" />
        <source>Export OPML…</source>
        <translation>OPML に書き出す…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="111" />
        <source>Export subscriptions as OPML</source>
        <translation>購読を OPML に書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="113" />
        <source>Fetch progress</source>
        <translation>取得の進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="117" />
        <source>Sources status</source>
        <translation>情報源の状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="119" />
        <source>Sources summary</source>
        <translation>情報源の概要</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="187" />
        <source>1 source</source>
        <translation>情報源 1 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="187" />
        <source>{count} sources</source>
        <translation>情報源 {count} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="189" />
        <source>, {count} failing (the briefing uses their last good copy)</source>
        <translation>、{count} 件が失敗（ブリーフィングは最後に取得できた版を使います）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="190" />
        <source>No sources yet: add a feed, page or calendar address above.</source>
        <translation>情報源はまだありません。上にフィード、ページ、カレンダーのアドレスを入力して追加してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="216" />
        <source>Looking at {address}…</source>
        <translation>{address} を確認しています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="231" />
        <source>Fetching is switched off. Tick the box above to fetch your sources.</source>
        <translation>取得はオフになっています。情報源を取得するには上のボックスにチェックを入れてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="236" />
        <source>Fetching…</source>
        <translation>取得しています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="243" />
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="253" />
        <source>Removed {name}.</source>
        <translation>{name} を削除しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="260" />
        <source> Press Fetch now to fetch them.</source>
        <translation> 「今すぐ取得」を押すと取得します。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="270" />
        <source>Wrote {path}.</source>
        <translation>{path} に書き出しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="292" />
        <source>Added {name}: {found}.</source>
        <translation>{name} を追加しました：{found}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="299" />
        <source>Fetched 1 source</source>
        <translation>情報源 1 件を取得しました</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="300" />
        <source>Fetched {count} sources</source>
        <translation>情報源 {count} 件を取得しました</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="301" />
        <source>; {count} failed (see Status)</source>
        <translation>、{count} 件が失敗（「状態」を参照）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="322" />
        <source>Import OPML</source>
        <translation>OPML を読み込む</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="323" />
        <source>OPML (*.opml *.xml);;All (*)</source>
        <translation>OPML (*.opml *.xml);;すべて (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="327" />
        <source>Export OPML</source>
        <translation>OPML に書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="328" />
        <source>OPML (*.opml)</source>
        <translation>OPML (*.opml)</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../app/ui/today_view.py" line="36" />
        <source>{count} subscriptions (Sources page)</source>
        <translation>購読 {count} 件（情報源ページ）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="39" />
        <source>1 subscription (Sources page)</source>
        <translation>購読 1 件（情報源ページ）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="41" />
        <source>No sources yet.</source>
        <translation>情報源はまだありません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="45" />
        <source> and {count} more</source>
        <translation> ほか {count} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="47" />
        <source>1 source: {names}</source>
        <translation>情報源 1 件：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="49" />
        <source>{count} sources: {names}</source>
        <translation>情報源 {count} 件：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="71" />
        <source>{count} files</source>
        <translation>{count} ファイル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="73" />
        <source>1 file</source>
        <translation>1 ファイル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="84" />
        <source>The briefing could not be made.</source>
        <translation>ブリーフィングを作れませんでした。</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="94" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="97" />
        <source>Sources in use</source>
        <translation>使用中の情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="98" />
        <source>Edit sources…</source>
        <translation>情報源を編集…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="99" />
        <source>Edit sources in Settings</source>
        <translation>設定で情報源を編集</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="100" />
        <location filename="../../app/ui/today_view.py" line="101" />
        <source>Use the demo sources</source>
        <translation>デモの情報源を使う</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="102" />
        <source>Generate briefing</source>
        <translation>ブリーフィングを作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="104" />
        <source>Generate today's briefing</source>
        <translation>今日のブリーフィングを作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="106" />
        <source>Generate today's briefing (Ctrl+G)</source>
        <translation>今日のブリーフィングを作成（Ctrl+G）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="107" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="108" />
        <source>Cancel the briefing</source>
        <translation>ブリーフィングをキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="111" />
        <source>Briefing status</source>
        <translation>ブリーフィングの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="117" />
        <source>Play while it is made</source>
        <translation>作りながら再生</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="118" />
        <source>Play each sentence while the briefing is made</source>
        <translation>ブリーフィングを作りながら一文ずつ再生</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="123" />
        <source>Models that made this briefing</source>
        <translation>このブリーフィングを作ったモデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="125" />
        <source>Press Generate to hear what your day holds. The transcript appears here, each item linked to where it came from.</source>
        <translation>「作成」を押すと、今日の予定やニュースを読み上げます。書き起こしがここに表示され、各項目から情報源を開けます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="127" />
        <source>Notes about this briefing</source>
        <translation>このブリーフィングについてのお知らせ</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="179" />
        <source>dddd d MMMM</source>
        <translation>M月d日（dddd）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="180" />
        <source>a {minutes}-minute spoken briefing</source>
        <translation>{minutes}分の音声ブリーフィング</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="211" />
        <source>Preparing your briefing…</source>
        <translation>ブリーフィングを準備中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="231" />
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="250" />
        <source>Made by: {models}</source>
        <translation>作成したモデル：{models}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="251" />
        <source>Ready: {length} of audio, saved as {name}. Press Play (Ctrl+P).</source>
        <translation>完成：音声 {length}、{name} として保存しました。「再生」（Ctrl+P）で聞けます。</translation>
    </message>
</context>
<context>
    <name>TranscriptWidget</name>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="78" />
        <source>Transcript</source>
        <translation>書き起こし</translation>
    </message>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="79" />
        <source>The spoken text; the sentence being heard is highlighted. Links open each item's source.</source>
        <translation>読み上げた文章です。いま聞こえている文が強調され、リンクから各項目の情報源を開けます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="158" />
        <source>From</source>
        <translation>出典：</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="12" />
        <source>Daycast</source>
        <translation>Daycast</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="14" />
        <source>Show Daycast</source>
        <translation>Daycast を表示</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="15" />
        <source>Prepare today's briefing</source>
        <translation>今日のブリーフィングを準備</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="16" />
        <source>Quit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>_SpeakerDelegate</name>
    <message>
        <location filename="../../app/ui/script_editor.py" line="37" />
        <source>Speaker</source>
        <translation>スピーカー</translation>
    </message>
</context>
<context>
    <name>RoutesEditor</name>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="32" />
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="33" />
        <source>Engine (llm/asr/tts)</source>
        <translation>エンジン（llm/asr/tts）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="34" />
        <source>Kind (self-hosted/cloud)</source>
        <translation>種類（自前サーバー/クラウド）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="35" />
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="36" />
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="37" />
        <source>Voice (TTS)</source>
        <translation>音声（TTS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="42" />
        <source>Key for '{name}' saved in the OS keyring; never in the settings file.</source>
        <translation>「{name}」のキーを OS のキーリングに保存しました。設定ファイルには保存しません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="58" />
        <source>Remote routes</source>
        <translation>リモートの経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="62" />
        <source>Add route</source>
        <translation>経路を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="63" />
        <source>Add a remote route</source>
        <translation>リモートの経路を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="64" />
        <source>Remove route</source>
        <translation>経路を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="65" />
        <source>Remove the selected route</source>
        <translation>選んだ経路を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="68" />
        <source>Trusted host names</source>
        <translation>信頼するホスト名</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="71" />
        <source>key for the selected route (stored in the keyring)</source>
        <translation>選んだ経路のキー（キーリングに保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="72" />
        <source>API key for the selected route</source>
        <translation>選んだ経路の API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="73" />
        <source>Save key</source>
        <translation>キーを保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="74" />
        <source>Private addresses (127.x, 10.x, 192.168.x, *.local) are self-hosted; other hosts only when listed as trusted.</source>
        <translation>プライベートアドレス（127.x、10.x、192.168.x、*.local）は自前サーバーとして扱います。それ以外のホストは信頼リストにある場合だけです。</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="78" />
        <source>Routes status</source>
        <translation>経路の状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="97" />
        <source>Trusted hosts</source>
        <translation>信頼するホスト</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="98" />
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="160" />
        <source>Select a route with a name and paste its key first.</source>
        <translation>名前のある経路を選び、先にキーを貼り付けてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="166" />
        <source>Not saved: {reason}</source>
        <translation>保存されませんでした：{reason}</translation>
    </message>
</context>
</TS>