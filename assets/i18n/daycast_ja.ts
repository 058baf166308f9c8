<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="24"/>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="25"/>
        <source>bundled</source>
        <translation>同梱</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="26"/>
        <source>catalog</source>
        <translation>カタログ</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="56"/>
        <location filename="../../app/ui/about_dialog.py" line="57"/>
        <source>About Daycast</source>
        <translation>Daycast について</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="60"/>
        <source>&lt;h2&gt;Daycast {version}&lt;/h2&gt;&lt;p&gt;Spoken daily briefings, two-host podcasts and voice chat, made on this computer by small local models. Every voice you hear is synthetic and says so.&lt;/p&gt;&lt;p&gt;Daycast is free software under the GNU GPL v3 or later. The models below keep their own licences.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Daycast {version}&lt;/h2&gt;&lt;p&gt;毎日の音声ブリーフィング、二人のホストによるポッドキャスト、音声での会話を、このコンピューター上の小さなローカルモデルで作ります。聞こえる声はすべて合成音声で、そのことを明示します。&lt;/p&gt;&lt;p&gt;Daycast は GNU GPL v3 以降のもとで配布されるフリーソフトウェアです。下のモデルにはそれぞれのライセンスが適用されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="67"/>
        <source>Model licences</source>
        <translation>モデルのライセンス</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="68"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="68"/>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="68"/>
        <source>Source</source>
        <translation>入手元</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="80"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>ActivityView</name>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="10"/>
        <source>What is the main point of this episode?</source>
        <translation>このエピソードの要点は何ですか？</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="25"/>
        <source>What is happening</source>
        <translation>いま行っていること</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="28"/>
        <source>Progress</source>
        <translation>進行状況</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="34"/>
        <source>Caption</source>
        <translation>字幕</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="37"/>
        <source>◀  Back</source>
        <translation>◀  戻る</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="41"/>
        <source>✋  Ask the hosts: {question}</source>
        <translation>✋  ホストに質問：{question}</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/activity_view.py" line="43"/>
        <source>Join in: ask the hosts</source>
        <translation>会話に参加：ホストに質問する</translation>
    </message>
</context>
<context>
    <name>AdminPanel</name>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="42"/>
        <location filename="../../app/kiosk/admin_panel.py" line="89"/>
        <source>Kiosk settings</source>
        <translation>キオスクの設定</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="47"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="49"/>
        <source>Idle time before the attract loop</source>
        <translation>デモ表示に切り替わるまでの待ち時間</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="54"/>
        <source>new PIN (4–12 digits), leave empty to keep</source>
        <translation>新しい PIN（4〜12 桁）。変えない場合は空欄</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="55"/>
        <source>New PIN</source>
        <translation>新しい PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="58"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="60"/>
        <source>Make today&apos;s demo again</source>
        <translation>今日のデモを作り直す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="61"/>
        <source>Exit kiosk</source>
        <translation>キオスクを終了</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="62"/>
        <source>Back to the kiosk</source>
        <translation>キオスクに戻る</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="76"/>
        <source>{name} (not connected)</source>
        <translation>{name}（未接続）</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="82"/>
        <source>Attract loop after</source>
        <translation>デモ表示までの時間</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="50"/>
        <location filename="../../app/kiosk/admin_panel.py" line="83"/>
        <source>Speaker</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="26"/>
        <source>Default device</source>
        <translation>既定のデバイス</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="51"/>
        <location filename="../../app/kiosk/admin_panel.py" line="84"/>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="85"/>
        <source>Admin PIN</source>
        <translation>管理者 PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/admin_panel.py" line="115"/>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
</context>
<context>
    <name>AssistantView</name>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="28"/>
        <source>No microphone found. Connect one (Settings → Audio devices), or type your question below.</source>
        <translation>マイクが見つかりません。接続するか（設定 → オーディオデバイス）、下に質問を入力してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="52"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="53"/>
        <source>Ask about your day. Hold the button, or press Ctrl+Space to start and stop talking.</source>
        <translation>今日のことを聞いてください。ボタンを押したまま話すか、Ctrl+Space で話し始めと終わりを切り替えます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="57"/>
        <source>Microphone status</source>
        <translation>マイクの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="58"/>
        <location filename="../../app/ui/assistant_view.py" line="192"/>
        <location filename="../../app/ui/assistant_view.py" line="228"/>
        <source>Hold to talk</source>
        <translation>押して話す</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="60"/>
        <source>Push to talk</source>
        <translation>プッシュ・トゥ・トーク</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="62"/>
        <source>Hold with the mouse or the Space bar; Ctrl+Space toggles</source>
        <translation>マウスかスペースキーを押している間だけ聞き取ります。Ctrl+Space で切り替え</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="63"/>
        <source>Hands-free: listen all the time and answer when I stop speaking</source>
        <translation>ハンズフリー：常に聞き取り、話し終えたら答える</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="64"/>
        <source>Hands-free listening</source>
        <translation>ハンズフリーの聞き取り</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="66"/>
        <source>What you are saying</source>
        <translation>話している内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="69"/>
        <source>Or type a question and press Enter</source>
        <translation>または質問を入力して Enter</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="70"/>
        <source>Type a question</source>
        <translation>質問を入力</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="71"/>
        <source>Ask</source>
        <translation>質問する</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="72"/>
        <source>Ask the typed question</source>
        <translation>入力した質問をする</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="73"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="74"/>
        <source>Stop the answer</source>
        <translation>回答を止める</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="304"/>
        <source>command: {kind}</source>
        <translation>コマンド：{kind}</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="312"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="119"/>
        <source>the default microphone</source>
        <translation>既定のマイク</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="120"/>
        <source>Listening through {name}.</source>
        <translation>{name} で聞き取ります。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="163"/>
        <source>Listening: just speak.</source>
        <translation>聞き取り中：そのまま話してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="164"/>
        <source>Ready: hold the button to talk.</source>
        <translation>準備完了：ボタンを押したまま話してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="219"/>
        <source>Listening… release to send</source>
        <translation>聞き取り中… 離すと送信</translation>
    </message>
    <message>
        <location filename="../../app/ui/assistant_view.py" line="220"/>
        <source>Listening…</source>
        <translation>聞き取り中…</translation>
    </message>
</context>
<context>
    <name>AttractView</name>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="10"/>
        <source>Try saying…</source>
        <translation>話しかけてみましょう…</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="12"/>
        <source>“What&apos;s my first meeting today?”</source>
        <translation>「今日最初の会議は？」</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="13"/>
        <source>“Brief me”</source>
        <translation>「ブリーフィングして」</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="14"/>
        <source>Press “Play today&apos;s briefing”</source>
        <translation>「今日のブリーフィングを再生」を押す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="15"/>
        <source>A spoken round-up of a calendar, a news feed, an article and notes</source>
        <translation>カレンダー、ニュースフィード、記事、メモを声でまとめてお伝えします</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="16"/>
        <source>“What&apos;s on my to-do list?”</source>
        <translation>「やることリストには何がある？」</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="17"/>
        <source>Press “Make a podcast”</source>
        <translation>「ポッドキャストを作る」を押す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="18"/>
        <source>Two AI hosts talk through a local news story</source>
        <translation>二人の AI ホストが地域のニュースについて話します</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="19"/>
        <source>Nothing leaves this computer</source>
        <translation>データはこのコンピューターの外に出ません</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="20"/>
        <source>Every voice and every answer is made right here, with no internet</source>
        <translation>声も回答もすべて、インターネットなしでここで作られます</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/attract_view.py" line="45"/>
        <source>Touch anywhere to start</source>
        <translation>どこかに触れて始める</translation>
    </message>
</context>
<context>
    <name>CloudEditor</name>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="17"/>
        <source>Saved in the OS keyring ({backend}); it is never written to the settings file.</source>
        <translation>OS のキーリング（{backend}）に保存しました。設定ファイルには書き込みません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="30"/>
        <source>Allow a cloud model when the policy permits</source>
        <translation>方針が許すときはクラウドのモデルを使う</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="31"/>
        <source>Allow the cloud endpoint</source>
        <translation>クラウドのエンドポイントを許可</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="33"/>
        <source>https://api.example.com/v1</source>
        <translation>https://api.example.com/v1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="34"/>
        <source>Cloud endpoint base URL</source>
        <translation>クラウドのエンドポイントのベース URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="36"/>
        <source>model name</source>
        <translation>モデル名</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="37"/>
        <source>Cloud model name</source>
        <translation>クラウドのモデル名</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="40"/>
        <source>paste a key to store it in the keyring</source>
        <translation>キーを貼り付けるとキーリングに保存されます</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="41"/>
        <source>Cloud API key</source>
        <translation>クラウドの API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="42"/>
        <source>Save key</source>
        <translation>キーを保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="43"/>
        <source>Save the API key to the OS keyring</source>
        <translation>API キーを OS のキーリングに保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="44"/>
        <source>The key is kept in the OS keyring (or DAYCAST_API_KEY), never in files.</source>
        <translation>キーは OS のキーリング（または DAYCAST_API_KEY）に保管し、ファイルには書きません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="47"/>
        <source>API key status</source>
        <translation>API キーの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="54"/>
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="55"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="56"/>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="81"/>
        <source>Paste a key first.</source>
        <translation>先にキーを貼り付けてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cloud_editor.py" line="86"/>
        <source>Not saved: {reason}</source>
        <translation>保存できませんでした：{reason}</translation>
    </message>
</context>
<context>
    <name>ConversationWidget</name>
    <message>
        <location filename="../../app/ui/conversation_widget.py" line="26"/>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_widget.py" line="28"/>
        <source>Ask about your day: “What&apos;s my first meeting?”, “Brief me”, “Make a podcast about…”</source>
        <translation>今日のことを聞いてください：「最初の会議は？」「ブリーフィングして」「…についてのポッドキャストを作って」</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_widget.py" line="66"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_widget.py" line="66"/>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
</context>
<context>
    <name>DocumentDropList</name>
    <message>
        <location filename="../../app/ui/document_drop_list.py" line="21"/>
        <source>Documents for the episode</source>
        <translation>エピソードの資料</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_drop_list.py" line="24"/>
        <source>Drop PDFs, Markdown, text, saved web pages or feeds here</source>
        <translation>PDF、Markdown、テキスト、保存した Web ページ、フィードをここにドロップ</translation>
    </message>
    <message>
        <location filename="../../app/ui/document_drop_list.py" line="69"/>
        <source>{link} is a web link, not a file: save the page (or its PDF) and drop the file, or follow it under Sources</source>
        <translation>{link} はファイルではなく Web リンクです。ページ（または PDF）を保存してそのファイルをドロップするか、「ソース」でフォローしてください</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../app/ui/history_view.py" line="22"/>
        <source>Briefing</source>
        <translation>ブリーフィング</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="23"/>
        <location filename="../../app/ui/history_view.py" line="24"/>
        <source>Episode</source>
        <translation>エピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="25"/>
        <source>Reply</source>
        <translation>応答</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="36"/>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="38"/>
        <source>Past briefings and episodes</source>
        <translation>これまでのブリーフィングとエピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="40"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="41"/>
        <source>Look for new briefings and episodes</source>
        <translation>新しいブリーフィングとエピソードを探す</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="45"/>
        <source>Choose a briefing or episode on the left to play it.</source>
        <translation>左からブリーフィングかエピソードを選ぶと再生できます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="46"/>
        <source>Details of the chosen item</source>
        <translation>選んだ項目の詳細</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="48"/>
        <source>The transcript of the chosen item appears here.</source>
        <translation>選んだ項目の書き起こしがここに表示されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="80"/>
        <source>From {folder}</source>
        <translation>{folder} から</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="103"/>
        <source>ddd d MMM yyyy, HH:mm</source>
        <translation>yyyy年M月d日（ddd）HH:mm</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="108"/>
        <source>Nothing yet: briefings and episodes you make are listed here.</source>
        <translation>まだありません。作成したブリーフィングとエピソードがここに表示されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/history_view.py" line="123"/>
        <source>Made by: {models}</source>
        <translation>作成したモデル：{models}</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="13"/>
        <source>No microphone is connected, so tap a question below instead.</source>
        <translation>マイクが接続されていません。代わりに下の質問をタップしてください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="118"/>
        <source>No microphone</source>
        <translation>マイクなし</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="119"/>
        <source>Hold the button and ask about the day.</source>
        <translation>ボタンを押したまま、今日のことを聞いてください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="123"/>
        <source>Listening…
let go to ask</source>
        <translation>聞いています…
離すと質問します</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="36"/>
        <source>Daycast</source>
        <translation>Daycast</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="15"/>
        <source>What&apos;s my first meeting today?</source>
        <translation>今日最初の会議は？</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="16"/>
        <source>What&apos;s in the news?</source>
        <translation>ニュースは何がある？</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="17"/>
        <source>Where is lunch today?</source>
        <translation>今日のランチはどこ？</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="18"/>
        <source>What&apos;s on my to-do list?</source>
        <translation>やることリストには何がある？</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="19"/>
        <source>Will it rain this week?</source>
        <translation>今週は雨が降る？</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="38"/>
        <source>Your day, spoken. Made on this computer, with no internet.</source>
        <translation>あなたの一日を声で。インターネットなしで、このコンピューターで作ります。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="41"/>
        <source>Settings (admin PIN)</source>
        <translation>設定（管理者 PIN）</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="45"/>
        <location filename="../../app/kiosk/home_view.py" line="118"/>
        <location filename="../../app/kiosk/home_view.py" line="123"/>
        <source>Hold to talk</source>
        <translation>押して話す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="47"/>
        <source>Push to talk</source>
        <translation>プッシュ・トゥ・トーク</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="52"/>
        <source>Microphone status</source>
        <translation>マイクの状態</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="57"/>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="64"/>
        <source>Ask: {question}</source>
        <translation>質問する：{question}</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="65"/>
        <source>▶  Play today&apos;s briefing</source>
        <translation>▶  今日のブリーフィングを再生</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="66"/>
        <source>Make a podcast from this sample</source>
        <translation>このサンプルからポッドキャストを作る</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="90"/>
        <source>Try asking:</source>
        <translation>聞いてみましょう：</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="127"/>
        <source>&lt;p&gt;Ask me what&apos;s on today&apos;s calendar, what&apos;s in the news, or tap a question below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;今日の予定やニュースについて聞くか、下の質問をタップしてください。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/home_view.py" line="131"/>
        <source>You:</source>
        <translation>あなた：</translation>
    </message>
</context>
<context>
    <name>HostEditor</name>
    <message>
        <location filename="../../app/ui/host_editor.py" line="20"/>
        <source>{host} name</source>
        <translation>{host}の名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/host_editor.py" line="23"/>
        <source>{host} voice</source>
        <translation>{host}の声</translation>
    </message>
    <message>
        <location filename="../../app/ui/host_editor.py" line="33"/>
        <source>Preview</source>
        <translation>試聴</translation>
    </message>
    <message>
        <location filename="../../app/ui/host_editor.py" line="34"/>
        <source>Hear the {host} voice</source>
        <translation>{host}の声を試聴</translation>
    </message>
</context>
<context>
    <name>JobPage</name>
    <message>
        <location filename="../../app/ui/job_page.py" line="20"/>
        <source>Cancelled. Nothing half-written was left at the output path.</source>
        <translation>キャンセルしました。出力先に書きかけのファイルは残っていません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/job_page.py" line="27"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/job_page.py" line="32"/>
        <source>cancelled</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>KioskAssistant</name>
    <message>
        <location filename="../../app/kiosk/talk.py" line="157"/>
        <source>I didn&apos;t hear anything. Hold the button while you speak.</source>
        <translation>何も聞こえませんでした。話している間はボタンを押し続けてください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="81"/>
        <source>Getting ready…</source>
        <translation>準備中…</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="86"/>
        <source>Loading speech and language models</source>
        <translation>音声モデルと言語モデルを読み込み中</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="91"/>
        <location filename="../../app/kiosk/talk.py" line="255"/>
        <source>Reading today&apos;s calendar and notes</source>
        <translation>今日のカレンダーとメモを読み込み中</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="103"/>
        <source>The assistant could not start: {reason}</source>
        <translation>アシスタントを開始できませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="120"/>
        <source>The microphone did not open ({reason}); tap a question instead.</source>
        <translation>マイクを開けませんでした（{reason}）。代わりに質問をタップしてください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="144"/>
        <source>Listening…</source>
        <translation>聞き取り中…</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/talk.py" line="161"/>
        <location filename="../../app/kiosk/talk.py" line="169"/>
        <source>Thinking…</source>
        <translation>考え中…</translation>
    </message>
</context>
<context>
    <name>KioskJobs</name>
    <message>
        <location filename="../../app/kiosk/jobs.py" line="44"/>
        <source>Almost ready: another demo is being made first</source>
        <translation>もうすぐです：先に別のデモを作っています</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/jobs.py" line="53"/>
        <source>{path} was made but cannot be read back</source>
        <translation>{path} は作成されましたが、読み込めません</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/jobs.py" line="119"/>
        <source>The attract clip is ready</source>
        <translation>デモ表示用の音声ができています</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../app/kiosk/window.py" line="96"/>
        <source>Daycast kiosk</source>
        <translation>Daycast キオスク</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="125"/>
        <source>Getting ready…</source>
        <translation>準備中…</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="291"/>
        <source>Speaker: silent (none found).</source>
        <translation>スピーカー：無音（見つかりません）。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="334"/>
        <source>Today&apos;s briefing</source>
        <translation>今日のブリーフィング</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="335"/>
        <source>Making today&apos;s briefing from the demo calendar, news and notes…</source>
        <translation>デモのカレンダー、ニュース、メモから今日のブリーフィングを作成中…</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="340"/>
        <source>A podcast from this sample</source>
        <translation>このサンプルから作るポッドキャスト</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="341"/>
        <source>Two AI hosts are recording the sample episode…</source>
        <translation>二人の AI ホストがサンプルのエピソードを収録中…</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="351"/>
        <source>You asked: {question}</source>
        <translation>あなたの質問：{question}</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="415"/>
        <source>Sorry, that did not work: {reason}</source>
        <translation>すみません、うまくいきませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="432"/>
        <source>Playing silently: no speaker is connected</source>
        <translation>無音で再生中：スピーカーが接続されていません</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="432"/>
        <source>Playing</source>
        <translation>再生中</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="452"/>
        <source>Finished. Press Back to try something else.</source>
        <translation>終わりました。「戻る」を押して、ほかのことも試してください。</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/window.py" line="518"/>
        <source>The sound device was restarted. Press Back and try again.</source>
        <translation>サウンドデバイスが再起動されました。「戻る」を押して、もう一度試してください。</translation>
    </message>
</context>
<context>
    <name>LiveAudio</name>
    <message>
        <location filename="../../app/ui/playback.py" line="251"/>
        <source>No audio output device</source>
        <translation>音声出力デバイスがありません</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="42"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="42"/>
        <source>Podcast studio</source>
        <translation>ポッドキャスト</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="43"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="43"/>
        <source>Models &amp; backend</source>
        <translation>モデルとバックエンド</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="44"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="44"/>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="45"/>
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="58"/>
        <source>Daycast</source>
        <translation>Daycast</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="76"/>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="81"/>
        <source>{page} (Ctrl+{number})</source>
        <translation>{page}（Ctrl+{number}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="93"/>
        <location filename="../../app/ui/main_window.py" line="135"/>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="111"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="112"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="116"/>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="122"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="123"/>
        <source>&amp;About Daycast and model licences</source>
        <translation>Daycast とモデルのライセンスについて(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193"/>
        <source>Daycast could not prepare the briefing</source>
        <translation>Daycast はブリーフィングを準備できませんでした</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="199"/>
        <source>Your briefing is ready</source>
        <translation>ブリーフィングの準備ができました</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="200"/>
        <source>{length} of audio. Open Daycast to listen.</source>
        <translation>音声 {length}。Daycast を開いて聞いてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="205"/>
        <source>Your episode is ready</source>
        <translation>エピソードができました</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <location filename="../../app/ui/message_banner.py" line="14"/>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_banner.py" line="15"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_banner.py" line="16"/>
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>ModelsView</name>
    <message>
        <location filename="../../app/ui/models_view.py" line="76"/>
        <source>Models &amp; backend</source>
        <translation>モデルとバックエンド</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="77"/>
        <source>Everything runs on this computer unless you add a self-hosted server or allow a cloud model in Settings.</source>
        <translation>設定で自分のサーバーを追加するかクラウドのモデルを許可しない限り、すべてこのコンピューターで動きます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="90"/>
        <location filename="../../app/ui/models_view.py" line="159"/>
        <source>Checking devices…</source>
        <translation>デバイスを確認中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="91"/>
        <source>Routes per engine</source>
        <translation>エンジンごとの経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="95"/>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="96"/>
        <source>Download the selected model</source>
        <translation>選んだモデルをダウンロード</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="98"/>
        <source>Cancel download</source>
        <translation>ダウンロードをキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="99"/>
        <source>Cancel the download</source>
        <translation>ダウンロードをキャンセルする</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="102"/>
        <source>Download progress</source>
        <translation>ダウンロードの進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="106"/>
        <source>Download status</source>
        <translation>ダウンロードの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="124"/>
        <source>Compute device</source>
        <translation>計算デバイス</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="128"/>
        <source>Routes: where each engine runs</source>
        <translation>経路：各エンジンが動く場所</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="94"/>
        <location filename="../../app/ui/models_view.py" line="130"/>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="35"/>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="36"/>
        <source>Use the GPU only where every check passes</source>
        <translation>すべての確認に通ったときだけ GPU を使う</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="37"/>
        <source>CPU only</source>
        <translation>CPU のみ</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="38"/>
        <source>Always run on the processor</source>
        <translation>常に CPU で動かす</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="39"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="40"/>
        <source>Use CUDA; falls back to the CPU with the reason shown</source>
        <translation>CUDA を使う。使えないときは理由を表示して CPU で動かす</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="41"/>
        <location filename="../../app/ui/models_view.py" line="47"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="41"/>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="42"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="42"/>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="43"/>
        <location filename="../../app/ui/models_view.py" line="46"/>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="43"/>
        <source>Parameters</source>
        <translation>パラメーター数</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="44"/>
        <source>Fits this machine</source>
        <translation>このマシンで動くか</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="44"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="45"/>
        <location filename="../../app/ui/models_view.py" line="49"/>
        <source>Engine</source>
        <translation>エンジン</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="45"/>
        <source>Route</source>
        <translation>経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="46"/>
        <source>Where</source>
        <translation>場所</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="47"/>
        <source>Allowed</source>
        <translation>許可</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="48"/>
        <source>Last served</source>
        <translation>最後に処理したもの</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="49"/>
        <source>Runs on</source>
        <translation>実行先</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="50"/>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="83"/>
        <source>Compute device: {device}</source>
        <translation>計算デバイス：{device}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="88"/>
        <source>Devices per engine</source>
        <translation>エンジンごとのデバイス</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="174"/>
        <source>Could not read the model list: {reason}</source>
        <translation>モデルの一覧を読めませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="183"/>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="183"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="194"/>
        <source>Setting: {choice}. Engines fall back to the CPU when a GPU check fails; the reason is shown above.</source>
        <translation>設定：{choice}。GPU の確認に失敗したエンジンは CPU を使います。理由は上に表示しています。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="198"/>
        <source>Installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="199"/>
        <source>Included, not assembled</source>
        <translation>同梱（未組み立て）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="200"/>
        <source>Available to download</source>
        <translation>ダウンロード可能</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="200"/>
        <source>Available, unverified</source>
        <translation>ダウンロード可（未検証）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="202"/>
        <source>MoE</source>
        <translation>MoE</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="202"/>
        <source>Dense</source>
        <translation>密</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="220"/>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="220"/>
        <source>No: {reason}</source>
        <translation>いいえ：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="249"/>
        <source>Not downloaded: {model} has no recorded checksum.</source>
        <translation>ダウンロードしませんでした：{model} にはチェックサムが記録されていません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="255"/>
        <source>Downloading {model}…</source>
        <translation>{model} をダウンロード中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="268"/>
        <source>Download without a checksum?</source>
        <translation>チェックサムなしでダウンロードしますか？</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="269"/>
        <source>No SHA-256 is recorded for {model}, so Daycast cannot check that the files are the ones published. Download them anyway?</source>
        <translation>{model} には SHA-256 が記録されていないため、Daycast は公開されたファイルと同じかどうかを確認できません。それでもダウンロードしますか？</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="276"/>
        <source>Installed and verified.</source>
        <translation>インストールして検証しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="277"/>
        <source>Installed, unverified: no checksum is recorded for it.</source>
        <translation>インストールしました（未検証：チェックサムが記録されていません）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="279"/>
        <source>Download failed: {reason}</source>
        <translation>ダウンロードに失敗しました：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="282"/>
        <source>Download cancelled; nothing installed.</source>
        <translation>ダウンロードをキャンセルしました。何もインストールしていません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_view.py" line="289"/>
        <source>{done} of {total} {message}</source>
        <translation>{done} / {total} {message}</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../../app/jobs/voice.py" line="36"/>
        <source>Microphone: {reason}</source>
        <translation>マイク：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/live.py" line="389"/>
        <source>That was a long one: only the first {seconds} seconds are heard. Let go of Talk to send them.</source>
        <translation>長いご質問でした：最初の{seconds}秒だけを聞き取りました。送るには「話す」ボタンを離してください。</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/live.py" line="393"/>
        <source>That was a long one: answering the first {seconds} seconds.</source>
        <translation>長いご質問でした：最初の{seconds}秒にお答えします。</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/live.py" line="430"/>
        <source>Didn&apos;t catch that. Please say it again.</source>
        <translation>聞き取れませんでした。もう一度おっしゃってください。</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/actions.py" line="58"/>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/live.py" line="238"/>
        <source>Listening stopped: {reason}</source>
        <translation>聞き取りを停止しました：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/live.py" line="314"/>
        <source>Interrupted: listening.</source>
        <translation>中断しました。お話しください。</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/session.py" line="80"/>
        <source>Listening to your question</source>
        <translation>質問を聞き取っています</translation>
    </message>
    <message>
        <location filename="../../app/core/assistant/session.py" line="140"/>
        <source>Thinking</source>
        <translation>考えています</translation>
    </message>
    <message>
        <location filename="../../app/core/briefing/pipeline.py" line="211"/>
        <source>{count} item(s) spoken in an earlier briefing are left out</source>
        <translation>以前のブリーフィングで読み上げた {count} 件は省きました</translation>
    </message>
    <message>
        <location filename="../../app/core/briefing/pipeline.py" line="272"/>
        <source>Opening from your calendar</source>
        <translation>カレンダーから始めます</translation>
    </message>
    <message>
        <location filename="../../app/core/briefing/pipeline.py" line="343"/>
        <source>Could not summarise {title!r}: {reason}. Only its title is read.</source>
        <translation>「{title}」を要約できませんでした（{reason}）。タイトルだけを読み上げます。</translation>
    </message>
    <message>
        <location filename="../../app/core/kiosk/demo.py" line="170"/>
        <source>Recording the attract clip</source>
        <translation>案内用の音声を録音しています</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="11"/>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="12"/>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="19"/>
        <source>Speaking {spoken} as set; the sources are in {sources}.</source>
        <translation>設定どおり{spoken}で話します。情報源は{sources}です。</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="22"/>
        <source>The sources mix languages; speaking {spoken}.</source>
        <translation>情報源の言語が混在しているため、{spoken}で話します。</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="25"/>
        <source>Briefing in {spoken}.</source>
        <translation>{spoken}でブリーフィングします。</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="27"/>
        <source>Episode in {spoken}.</source>
        <translation>{spoken}のエピソードを作ります。</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="31"/>
        <source>{title}: long document condensed in {passes} pass(es) from {chunks} chunks to fit the model&apos;s context</source>
        <translation>{title}：長い文書を {chunks} 個の断片から {passes} 回でまとめ、モデルのコンテキストに収めました</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="37"/>
        <source>Writing {name}</source>
        <translation>{name} を書き出しています</translation>
    </message>
    <message>
        <location filename="../../app/core/notices.py" line="41"/>
        <source>Reading {count} source(s)</source>
        <translation>情報源を {count} 件読み込んでいます</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/join_in.py" line="265"/>
        <source>Paused at {seconds:.0f} s.</source>
        <translation>{seconds:.0f} 秒で一時停止しました。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/join_in.py" line="274"/>
        <source>Back to the episode at {seconds:.0f} s.</source>
        <translation>{seconds:.0f} 秒からエピソードに戻ります。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="204"/>
        <source>The script did not open with the AI-voice disclosure; it was put back as the first line (it can be shortened in settings, not removed).</source>
        <translation>台本が AI 音声の開示で始まっていなかったため、最初の行に戻しました（設定で短くできますが、外すことはできません）。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="208"/>
        <source>Both hosts speak with {voice}; listeners will not tell them apart. Give them different voices (--voices A,B).</source>
        <translation>両方のホストが {voice} で話すため、聞き分けられません。別々の声を選んでください（--voices A,B）。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="220"/>
        <source>Mixing, loudness and watermark</source>
        <translation>ミックス、ラウドネス調整、透かしの埋め込み</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="266"/>
        <source>The brief ran {long:.0f} s; its last {left_out} line(s) were left out to keep it under two minutes ({seconds:.0f} s).</source>
        <translation>短報が {long:.0f} 秒になったため、2 分未満（{seconds:.0f} 秒）に収めるよう最後の {left_out} 行を除きました。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="279"/>
        <source>The episode is {minutes:.1f} minutes long, not the {asked:g} asked (the sources or the model&apos;s script fell outside ±15%).</source>
        <translation>エピソードの長さは {minutes:.1f} 分で、指定の {asked:g} 分ではありません（情報源またはモデルの台本が ±15% の範囲を外れました）。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="315"/>
        <source>Using the script {path} ({words} words, about {minutes:.1f} minutes)</source>
        <translation>台本 {path} を使います（{words} 語、約 {minutes:.1f} 分）</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/pipeline.py" line="344"/>
        <source>Reusing the script written for these documents by the earlier, interrupted run (delete the job folder to write a new one)</source>
        <translation>中断された前回の実行でこれらの文書から書いた台本を再利用します（書き直すにはジョブのフォルダーを削除してください）</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/render.py" line="222"/>
        <source>Speaking {todo} of {turns} turns</source>
        <translation>{turns} 発話のうち {todo} 発話を読み上げています</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/render.py" line="225"/>
        <source>Resuming: {resumed} of {turns} turns were already spoken and are reused from {folder}</source>
        <translation>再開：{turns} 発話のうち {resumed} 発話は読み上げ済みのため、{folder} から再利用します</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="151"/>
        <source>A brief is one host and under two minutes: making {minutes:g} minutes, not {asked:g}.</source>
        <translation>短報はホスト 1 人で 2 分未満です：{asked:g} 分ではなく {minutes:g} 分で作ります。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="160"/>
        <source>Writing a {minutes:g}-minute {format} script on {topics} topic(s)</source>
        <translation>{topics} 件の話題で {minutes:g} 分の {format} 台本を書いています</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="173"/>
        <source>The sources support about {supported:.1f} minutes of talk, not the {asked:g} asked; the episode will be shorter.</source>
        <translation>情報源で話せるのは約 {supported:.1f} 分で、指定の {asked:g} 分には足りません。エピソードは短くなります。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="193"/>
        <source>The script came out at about {estimate:.1f} minutes, shorter than the {asked:g} asked.</source>
        <translation>台本は約 {estimate:.1f} 分になり、指定の {asked:g} 分より短くなりました。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="238"/>
        <source>{where}: {dropped} sentence(s) that gave instructions to the AI were left out of the script.</source>
        <translation>{where}：AI への指示を含む {dropped} 文は台本から除きました。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="261"/>
        <source>Could not condense {title!r}: {reason}; using its opening.</source>
        <translation>「{title}」をまとめられませんでした（{reason}）。冒頭部分を使います。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="336"/>
        <source>{title}: the model stopped ({reason}); the chapter is kept as far as it was written.</source>
        <translation>{title}：モデルが途中で止まりました（{reason}）。チャプターは書けたところまで使います。</translation>
    </message>
    <message>
        <location filename="../../app/core/podcast/writer.py" line="372"/>
        <source>The model wrote no usable dialogue for {title!r}; a short read-out of its notes is used instead.</source>
        <translation>「{title}」についてモデルが使える対話を書けなかったため、メモの短い読み上げで代えます。</translation>
    </message>
    <message>
        <location filename="../../app/core/sources/refresh.py" line="169"/>
        <source>Fetching {count} source(s)</source>
        <translation>情報源を {count} 件取得しています</translation>
    </message>
    <message>
        <location filename="../../app/jobs/join_in.py" line="72"/>
        <source>Opening {name}</source>
        <translation>{name} を開いています</translation>
    </message>
    <message>
        <location filename="../../app/jobs/model_download.py" line="34"/>
        <source>Downloading {title}</source>
        <translation>{title} をダウンロードしています</translation>
    </message>
    <message>
        <location filename="../../app/jobs/services.py" line="119"/>
        <source>Waiting for the other job to finish</source>
        <translation>別のジョブが終わるのを待っています</translation>
    </message>
    <message>
        <location filename="../../app/jobs/services.py" line="129"/>
        <source>Loading models (first run takes a few seconds)</source>
        <translation>モデルを読み込んでいます（初回は数秒かかります）</translation>
    </message>
    <message>
        <location filename="../../app/jobs/services.py" line="183"/>
        <source>Reading {count} document(s)</source>
        <translation>文書を {count} 件読み込んでいます</translation>
    </message>
    <message>
        <location filename="../../app/jobs/services.py" line="232"/>
        <source>Loading {voice}</source>
        <translation>{voice} を読み込んでいます</translation>
    </message>
    <message>
        <location filename="../../app/jobs/sources.py" line="104"/>
        <source>Looking at {location}</source>
        <translation>{location} を確認しています</translation>
    </message>
    <message>
        <location filename="../../app/jobs/voice.py" line="75"/>
        <source>Opening the microphone</source>
        <translation>マイクを開いています</translation>
    </message>
    <message>
        <location filename="../../app/core/route_status.py" line="42"/>
        <source>not used yet</source>
        <translation>まだ使われていません</translation>
    </message>
    <message>
        <location filename="../../app/core/route_status.py" line="53"/>
        <source>this computer</source>
        <translation>このコンピューター</translation>
    </message>
    <message>
        <location filename="../../app/core/route_status.py" line="63"/>
        <source>host is not private or trusted: treated as cloud</source>
        <translation>プライベートでも信頼済みでもないホストのため、クラウドとして扱います</translation>
    </message>
    <message>
        <location filename="../../app/core/route_status.py" line="65"/>
        <source>turned off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../app/core/route_status.py" line="67"/>
        <source>privacy mode is on</source>
        <translation>プライバシーモードがオンです</translation>
    </message>
    <message>
        <location filename="../../app/jobs/history.py" line="97"/>
        <source>Daily briefing</source>
        <translation>毎日のブリーフィング</translation>
    </message>
    <message>
        <location filename="../../app/jobs/model_rows.py" line="64"/>
        <source>yes (bundled)</source>
        <translation>はい（同梱）</translation>
    </message>
</context>
<context>
    <name>NoticeListWidget</name>
    <message>
        <location filename="../../app/ui/notice_list_widget.py" line="13"/>
        <source>Notes about this run</source>
        <translation>この実行についてのお知らせ</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <location filename="../../app/ui/page_header.py" line="14"/>
        <source>{title} page</source>
        <translation>{title}ページ</translation>
    </message>
    <message>
        <location filename="../../app/ui/page_header.py" line="48"/>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="11"/>
        <source>Enter the admin PIN to leave the kiosk</source>
        <translation>キオスクを終了するには管理者 PIN を入力してください</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="12"/>
        <source>Enter the admin PIN to open settings</source>
        <translation>設定を開くには管理者 PIN を入力してください</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="13"/>
        <source>Enter the admin PIN</source>
        <translation>管理者 PIN を入力してください</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="24"/>
        <source>Admin PIN</source>
        <translation>管理者 PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="33"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="39"/>
        <source>PIN message</source>
        <translation>PIN のメッセージ</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="40"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="42"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="58"/>
        <source>Digit {digit}</source>
        <translation>数字 {digit}</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="61"/>
        <source>Delete a digit</source>
        <translation>1 桁消す</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="80"/>
        <source>Wrong PIN</source>
        <translation>PIN が違います</translation>
    </message>
    <message>
        <location filename="../../app/kiosk/pin_dialog.py" line="87"/>
        <source>Too many wrong PINs. Try again in {seconds} s.</source>
        <translation>PIN の誤りが多すぎます。{seconds} 秒後にもう一度試してください。</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <location filename="../../app/ui/playback.py" line="21"/>
        <source>No audio output device: playing silently, the transcript still follows along</source>
        <translation>音声出力デバイスがありません：無音で再生します。書き起こしは再生位置に合わせて進みます</translation>
    </message>
    <message>
        <location filename="../../app/ui/playback.py" line="22"/>
        <source>Audio playback is unavailable: QtMultimedia did not load ({reason})</source>
        <translation>音声を再生できません：QtMultimedia を読み込めませんでした（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/playback.py" line="104"/>
        <source>Audio output {device} is not connected; using the default device</source>
        <translation>音声出力 {device} が接続されていません。既定のデバイスを使います</translation>
    </message>
    <message>
        <location filename="../../app/ui/playback.py" line="112"/>
        <source>Playback failed: {reason}</source>
        <translation>再生に失敗しました：{reason}</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../../app/ui/player_widget.py" line="29"/>
        <location filename="../../app/ui/player_widget.py" line="114"/>
        <source>Play</source>
        <translation>再生</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="30"/>
        <source>Play or pause</source>
        <translation>再生／一時停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="31"/>
        <source>Play or pause (Ctrl+P)</source>
        <translation>再生／一時停止（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="35"/>
        <source>Playback position</source>
        <translation>再生位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="40"/>
        <source>Elapsed and total time</source>
        <translation>経過時間と全体の長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="43"/>
        <source>Playback speed</source>
        <translation>再生速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="49"/>
        <source>Playback status</source>
        <translation>再生の状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="62"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/player_widget.py" line="114"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
</context>
<context>
    <name>PodcastView</name>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="55"/>
        <source>Deep dive (two hosts)</source>
        <translation>じっくり解説（ホスト 2 人）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="56"/>
        <source>Brief (one host, under 2 min)</source>
        <translation>手短に（ホスト 1 人、2 分以内）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="57"/>
        <source>Critique (two hosts)</source>
        <translation>批評（ホスト 2 人）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="58"/>
        <source>Debate (hosts take sides)</source>
        <translation>討論（ホストが賛否に分かれる）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="94"/>
        <source>Podcast studio</source>
        <translation>ポッドキャスト</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="95"/>
        <source>Two hosts talk through your documents. Read and edit the script before it is voiced.</source>
        <translation>二人のホストが資料について話します。音声にする前に台本を読んで編集できます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="99"/>
        <source>Add documents…</source>
        <translation>資料を追加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="100"/>
        <location filename="../../app/ui/podcast_view.py" line="287"/>
        <source>Add documents</source>
        <translation>資料を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="101"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="102"/>
        <source>Remove the selected document</source>
        <translation>選んだ資料を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="104"/>
        <source>Title (written from the documents if empty)</source>
        <translation>タイトル（空欄なら資料から作成）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="105"/>
        <source>Episode title</source>
        <translation>エピソードのタイトル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="110"/>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="111"/>
        <source>Episode length in minutes</source>
        <translation>エピソードの長さ（分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="115"/>
        <source>Episode format</source>
        <translation>エピソードの形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="117"/>
        <source>Focus: what to emphasise, who is listening (optional)</source>
        <translation>重点：強調したいこと、聞き手（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="118"/>
        <source>Episode focus</source>
        <translation>エピソードの重点</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="119"/>
        <source>Host 1</source>
        <translation>ホスト 1</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="120"/>
        <source>Host 2</source>
        <translation>ホスト 2</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="121"/>
        <source>Write script</source>
        <translation>台本を書く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="123"/>
        <source>Write the script</source>
        <translation>台本を書く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="126"/>
        <source>Save script…</source>
        <translation>台本を保存…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="127"/>
        <source>Save the script as JSON</source>
        <translation>台本を JSON で保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="128"/>
        <source>Open script…</source>
        <translation>台本を開く…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="129"/>
        <source>Open a script JSON file</source>
        <translation>台本の JSON ファイルを開く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="132"/>
        <source>Export {format}</source>
        <translation>{format} で書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="134"/>
        <source>Chapters</source>
        <translation>チャプター</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="136"/>
        <source>Write chapters</source>
        <translation>チャプターを書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="138"/>
        <source>Feed folder (optional)</source>
        <translation>フィードのフォルダー（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="139"/>
        <source>An RSS feed with this episode is written to this folder</source>
        <translation>このエピソードを含む RSS フィードをこのフォルダーに書き出します</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="140"/>
        <source>Feed folder</source>
        <translation>フィードのフォルダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="142"/>
        <source>Feed web address (optional)</source>
        <translation>フィードの公開アドレス（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="144"/>
        <source>Where you publish the feed folder, e.g. https://example.org/podcast/: the feed then links to each episode by its web address, as podcast apps need</source>
        <translation>フィードのフォルダーを公開する場所（例: https://example.org/podcast/）。フィードは各エピソードをそのウェブアドレスで示します。ポッドキャストアプリにはこれが必要です</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="146"/>
        <source>Feed web address</source>
        <translation>フィードの公開アドレス</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="147"/>
        <source>Render episode</source>
        <translation>エピソードを音声にする</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="149"/>
        <source>Render the episode</source>
        <translation>エピソードを音声にする</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="150"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="151"/>
        <source>Cancel writing or rendering</source>
        <translation>台本作成または音声化をキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="154"/>
        <source>Podcast status</source>
        <translation>ポッドキャストの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="157"/>
        <source>Notes about this episode</source>
        <translation>このエピソードについてのお知らせ</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="164"/>
        <source>Models that made this episode</source>
        <translation>このエピソードを作ったモデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="166"/>
        <source>Earlier episodes</source>
        <translation>以前のエピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="178"/>
        <source>Ask the hosts about this episode…</source>
        <translation>このエピソードについてホストに質問…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="179"/>
        <source>Question for the hosts</source>
        <translation>ホストへの質問</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="180"/>
        <source>Join in</source>
        <translation>会話に参加</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="181"/>
        <source>Pause the episode and ask the hosts</source>
        <translation>エピソードを止めてホストに質問する</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="184"/>
        <source>The hosts&apos; answer</source>
        <translation>ホストの回答</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="197"/>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="198"/>
        <source>Length</source>
        <translation>長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="199"/>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="200"/>
        <source>Focus</source>
        <translation>重点</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="205"/>
        <source>Documents</source>
        <translation>資料</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="207"/>
        <source>Show</source>
        <translation>番組</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="211"/>
        <source>Episodes</source>
        <translation>エピソード</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="215"/>
        <source>Script</source>
        <translation>台本</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="220"/>
        <source>Export</source>
        <translation>書き出し</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="295"/>
        <source>Save script</source>
        <translation>台本を保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="295"/>
        <location filename="../../app/ui/podcast_view.py" line="306"/>
        <source>Script (*.json)</source>
        <translation>台本 (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="301"/>
        <source>Script saved to {path}</source>
        <translation>台本を {path} に保存しました</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="305"/>
        <source>Open script</source>
        <translation>台本を開く</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="332"/>
        <source>Writing the script…</source>
        <translation>台本を作成中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="333"/>
        <source>Writing…</source>
        <translation>作成中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="346"/>
        <source>Script ready: about {minutes} minutes. Edit any line, then Render.</source>
        <translation>台本ができました（約 {minutes} 分）。行を編集してから「音声にする」を押してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="379"/>
        <source>Rendering the episode…</source>
        <translation>エピソードを音声にしています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="409"/>
        <source>Episode ready: {length}, saved as {name}.</source>
        <translation>エピソードができました：{length}、{name} として保存しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="424"/>
        <source>Made by: {models}</source>
        <translation>作成したモデル：{models}</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="434"/>
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="468"/>
        <source>d MMM HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="471"/>
        <source>None yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="494"/>
        <source>Asking the hosts: {question}</source>
        <translation>ホストに質問しています：{question}</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="502"/>
        <source>No answer: {reason}</source>
        <translation>回答がありません：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="536"/>
        <source>Preparing a preview of {voice}…</source>
        <translation>{voice} の試聴を準備中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="542"/>
        <source>No preview: {reason}</source>
        <translation>試聴できません：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/ui/podcast_view.py" line="550"/>
        <source>Playing the voice preview.</source>
        <translation>声の試聴を再生しています。</translation>
    </message>
</context>
<context>
    <name>RoutesEditor</name>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="32"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="33"/>
        <source>Engine (llm/asr/tts)</source>
        <translation>エンジン（llm/asr/tts）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="34"/>
        <source>Kind (self-hosted/cloud)</source>
        <translation>種類（自前サーバー/クラウド）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="35"/>
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="36"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="37"/>
        <source>Voice (TTS)</source>
        <translation>音声（TTS）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="42"/>
        <source>Key for &apos;{name}&apos; saved in the OS keyring; never in the settings file.</source>
        <translation>「{name}」のキーを OS のキーリングに保存しました。設定ファイルには保存しません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="58"/>
        <source>Remote routes</source>
        <translation>リモートの経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="62"/>
        <source>Add route</source>
        <translation>経路を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="63"/>
        <source>Add a remote route</source>
        <translation>リモートの経路を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="64"/>
        <source>Remove route</source>
        <translation>経路を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="65"/>
        <source>Remove the selected route</source>
        <translation>選んだ経路を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="68"/>
        <source>Trusted host names</source>
        <translation>信頼するホスト名</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="71"/>
        <source>key for the selected route (stored in the keyring)</source>
        <translation>選んだ経路のキー（キーリングに保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="72"/>
        <source>API key for the selected route</source>
        <translation>選んだ経路の API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="73"/>
        <source>Save key</source>
        <translation>キーを保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="74"/>
        <source>Private addresses (127.x, 10.x, 192.168.x, *.local) are self-hosted; other hosts only when listed as trusted.</source>
        <translation>プライベートアドレス（127.x、10.x、192.168.x、*.local）は自前サーバーとして扱います。それ以外のホストは信頼リストにある場合だけです。</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="78"/>
        <source>Routes status</source>
        <translation>経路の状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="97"/>
        <source>Trusted hosts</source>
        <translation>信頼するホスト</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="98"/>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="160"/>
        <source>Select a route with a name and paste its key first.</source>
        <translation>名前のある経路を選び、先にキーを貼り付けてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/routes_editor.py" line="166"/>
        <source>Not saved: {reason}</source>
        <translation>保存されませんでした：{reason}</translation>
    </message>
</context>
<context>
    <name>ScheduleEditor</name>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="16"/>
        <source>Weekdays</source>
        <translation>平日</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="17"/>
        <source>Every day</source>
        <translation>毎日</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="18"/>
        <source>Weekends</source>
        <translation>週末</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="35"/>
        <source>Prepare my briefing automatically</source>
        <translation>ブリーフィングを自動で準備する</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="36"/>
        <source>Prepare the briefing on a schedule</source>
        <translation>予定した時刻にブリーフィングを準備する</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="38"/>
        <source>Schedule days</source>
        <translation>曜日</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="43"/>
        <source>Schedule time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="44"/>
        <source>Install user timer</source>
        <translation>ユーザータイマーを設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="46"/>
        <source>Install a user timer that prepares the briefing while Daycast is closed</source>
        <translation>Daycast を閉じている間もブリーフィングを準備するユーザータイマーを設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="47"/>
        <source>Writes a systemd user timer that runs &apos;daycast brief&apos; on this schedule</source>
        <translation>この予定で &apos;daycast brief&apos; を実行する systemd ユーザータイマーを書き出します</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="51"/>
        <source>Timer installation result</source>
        <translation>タイマー設定の結果</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="55"/>
        <source>at</source>
        <translation>時刻</translation>
    </message>
    <message>
        <location filename="../../app/ui/schedule_editor.py" line="127"/>
        <source>Turn the schedule on first.</source>
        <translation>先に予定をオンにしてください。</translation>
    </message>
</context>
<context>
    <name>ScriptEditor</name>
    <message>
        <location filename="../../app/ui/script_editor.py" line="61"/>
        <source>Chapter</source>
        <translation>チャプター</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="61"/>
        <source>Speaker</source>
        <translation>話者</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="61"/>
        <source>Line</source>
        <translation>台詞</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="62"/>
        <source>Script lines</source>
        <translation>台本の行</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="73"/>
        <source>No script yet.</source>
        <translation>台本はまだありません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="75"/>
        <source>Script length</source>
        <translation>台本の長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="76"/>
        <source>Add line</source>
        <translation>行を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="77"/>
        <source>Add a line after the selected one</source>
        <translation>選んだ行の後に行を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="78"/>
        <source>Delete line</source>
        <translation>行を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="79"/>
        <source>Delete the selected line</source>
        <translation>選んだ行を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/script_editor.py" line="173"/>
        <source>{title} · {chapters} chapters · {words} words · about {minutes} min</source>
        <translation>{title} · {chapters} チャプター · {words} 語 · 約 {minutes} 分</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../app/ui/settings_view.py" line="42"/>
        <source>Cloud first, this computer as fallback</source>
        <translation>クラウド優先、だめならこのコンピューター</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="43"/>
        <location filename="../../app/ui/settings_view.py" line="47"/>
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="44"/>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="44"/>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="45"/>
        <source>Follow the sources</source>
        <translation>情報源に合わせる</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="48"/>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="72"/>
        <source>{name} (not connected)</source>
        <translation>{name}（未接続）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="84"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="84"/>
        <source>Changes are saved as you make them.</source>
        <translation>変更はすぐに保存されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="88"/>
        <source>Settings file message</source>
        <translation>設定ファイルについてのメッセージ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="93"/>
        <location filename="../../app/ui/settings_view.py" line="145"/>
        <source>Briefing voice</source>
        <translation>ブリーフィングの声</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="100"/>
        <source>Speaking speed</source>
        <translation>話す速さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="104"/>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="105"/>
        <source>Briefing length in minutes</source>
        <translation>ブリーフィングの長さ（分）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="109"/>
        <location filename="../../app/ui/settings_view.py" line="184"/>
        <location filename="../../app/ui/settings_view.py" line="263"/>
        <source>Output folder</source>
        <translation>出力フォルダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="111"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="112"/>
        <source>Choose the output folder</source>
        <translation>出力フォルダーを選ぶ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="114"/>
        <location filename="../../app/ui/settings_view.py" line="156"/>
        <source>Microphone</source>
        <translation>マイク</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="116"/>
        <source>Speakers or headphones</source>
        <translation>スピーカーまたはヘッドホン</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="39"/>
        <source>This computer and my own servers only</source>
        <translation>このコンピューターと自分のサーバーだけ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="40"/>
        <source>This computer first, then my servers, then the cloud</source>
        <translation>このコンピューター、次に自分のサーバー、最後にクラウド</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="41"/>
        <source>My own servers first, then this computer</source>
        <translation>自分のサーバー優先、次にこのコンピューター</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="118"/>
        <source>Privacy mode: nothing goes to the cloud (only this computer and your own servers)</source>
        <translation>プライバシーモード：クラウドには何も送りません（このコンピューターと自分のサーバーだけ）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="119"/>
        <source>Privacy mode</source>
        <translation>プライバシーモード</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="121"/>
        <source>Model routing policy</source>
        <translation>モデルの使い分け方針</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="128"/>
        <location filename="../../app/ui/settings_view.py" line="166"/>
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="132"/>
        <source>Language of briefings, podcasts and the assistant</source>
        <translation>ブリーフィング、ポッドキャスト、アシスタントの言語</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="136"/>
        <source>Language of the window</source>
        <translation>画面の言語</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="146"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="147"/>
        <source>Briefing length</source>
        <translation>ブリーフィングの長さ</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="157"/>
        <source>Speakers</source>
        <translation>スピーカー</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="162"/>
        <source>Which models answer</source>
        <translation>回答するモデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="170"/>
        <source>Speech and writing</source>
        <translation>音声と文章</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="171"/>
        <source>Window</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="181"/>
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="182"/>
        <source>Feeds, calendar files (.ics), notes, PDFs and saved pages; folders are read whole.</source>
        <translation>フィード、カレンダーファイル（.ics）、メモ、PDF、保存したページ。フォルダーは中身をすべて読みます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="183"/>
        <source>Voice</source>
        <translation>声</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="185"/>
        <source>Briefings and episodes are saved here; History lists them.</source>
        <translation>ブリーフィングとエピソードはここに保存され、履歴に表示されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="186"/>
        <source>Audio devices</source>
        <translation>オーディオデバイス</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="187"/>
        <source>Stored by name, so a device is found again after it is unplugged and plugged back.</source>
        <translation>名前で記録するので、抜き差ししても同じデバイスが見つかります。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="188"/>
        <source>Privacy and cloud</source>
        <translation>プライバシーとクラウド</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="189"/>
        <source>Your servers and cloud routes</source>
        <translation>自分のサーバーとクラウドの経路</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="190"/>
        <source>OpenAI-compatible servers for the language model, speech recognition and voices: vLLM, llama-server, another Daycast (`daycast serve`). `daycast devices` shows which one served what.</source>
        <translation>言語モデル、音声認識、音声合成のための OpenAI 互換サーバー：vLLM、llama-server、別の Daycast（`daycast serve`）。どれが何を処理したかは `daycast devices` で確認できます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="192"/>
        <source>Daily schedule</source>
        <translation>毎日の予定</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="193"/>
        <source>While Daycast runs it prepares the briefing itself; the user timer also does it while Daycast is closed.</source>
        <translation>Daycast の起動中は自分でブリーフィングを準備します。ユーザータイマーがあれば、閉じている間も準備します。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="195"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="196"/>
        <source>Briefings, podcasts and the assistant speak English or Japanese; &quot;Follow the sources&quot; picks the language the sources are written in. The window&apos;s language applies the next time Daycast starts.</source>
        <translation>ブリーフィング、ポッドキャスト、アシスタントは英語か日本語で話します。「情報源に合わせる」は情報源の言語を選びます。画面の言語は次に Daycast を起動したときに反映されます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_view.py" line="198"/>
        <source>Appearance</source>
        <translation>外観</translation>
    </message>
</context>
<context>
    <name>SourceListEditor</name>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="21"/>
        <source>Sources (*.ics *.xml *.rss *.atom *.opml *.md *.txt *.pdf *.html *.htm *.json *.eml *.mbox);;All files (*)</source>
        <translation>情報源 (*.ics *.xml *.rss *.atom *.opml *.md *.txt *.pdf *.html *.htm *.json *.eml *.mbox);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="42"/>
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="45"/>
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="46"/>
        <source>Add source files</source>
        <translation>情報源のファイルを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="47"/>
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="48"/>
        <location filename="../../app/ui/source_list_editor.py" line="111"/>
        <source>Add a folder of sources</source>
        <translation>情報源のフォルダーを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="49"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="50"/>
        <source>Remove the selected source</source>
        <translation>選んだ情報源を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="52"/>
        <source>https://example.org/feed.xml</source>
        <translation>https://example.org/feed.xml</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="53"/>
        <source>Feed address</source>
        <translation>フィードのアドレス</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="54"/>
        <source>Add feed</source>
        <translation>フィードを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="55"/>
        <source>Add the feed address</source>
        <translation>フィードのアドレスを追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/source_list_editor.py" line="107"/>
        <source>Add sources</source>
        <translation>情報源を追加</translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="42"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="42"/>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="43"/>
        <source>Last fetch</source>
        <translation>最終取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="43"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="44"/>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="60"/>
        <source>Sources</source>
        <translation>情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="61"/>
        <source>Feeds, calendars, web pages, CalDAV and mail (folders or IMAP) your briefing and assistant read. They are fetched before each briefing and kept for offline use.</source>
        <translation>ブリーフィングとアシスタントが読むフィード、カレンダー、ウェブページ、CalDAV、メール（フォルダーまたは IMAP）。ブリーフィングの前に毎回取得し、オフライン用に保存します。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="63"/>
        <source>Fetch my sources from the network (allowed in privacy mode: nothing of yours is sent)</source>
        <translation>情報源をネットワークから取得する（プライバシーモードでも可：あなたのデータは何も送信されません）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="65"/>
        <source>Fetch sources from the network</source>
        <translation>情報源をネットワークから取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="68"/>
        <source>https://example.org/ (a feed, a page, an .ics or webcal address), imaps://mail.example.org/INBOX, or a path</source>
        <translation>https://example.org/（フィード、ページ、.ics または webcal のアドレス）、imaps://mail.example.org/INBOX、またはパス</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="70"/>
        <source>Source address</source>
        <translation>情報源のアドレス</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="72"/>
        <source>Name (optional)</source>
        <translation>名前（任意）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="73"/>
        <source>Source name</source>
        <translation>情報源の名前</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="76"/>
        <source>Login (CalDAV or IMAP)</source>
        <translation>ログイン（CalDAV または IMAP）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="77"/>
        <source>Login user name</source>
        <translation>ログインのユーザー名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="80"/>
        <source>Password (kept in the OS keyring)</source>
        <translation>パスワード（OS のキーリングに保存）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="81"/>
        <source>Login password</source>
        <translation>ログインのパスワード</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="84"/>
        <source>The address is a CalDAV calendar</source>
        <translation>このアドレスは CalDAV カレンダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="85"/>
        <source>CalDAV calendar</source>
        <translation>CalDAV カレンダー</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="86"/>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="88"/>
        <source>Add the source</source>
        <translation>情報源を追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="90"/>
        <source>What was found</source>
        <translation>見つかったもの</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="93"/>
        <source>Subscriptions</source>
        <translation>購読</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="101"/>
        <source>Fetch now</source>
        <translation>今すぐ取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="102"/>
        <source>Fetch every source now</source>
        <translation>すべての情報源を今すぐ取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="103"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="104"/>
        <source>Cancel fetching</source>
        <translation>取得をキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="106"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="107"/>
        <source>Remove the selected source</source>
        <translation>選んだ情報源を削除</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="108"/>
        <source>Import OPML…</source>
        <translation>OPML を読み込む…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="109"/>
        <source>Import subscriptions from an OPML file</source>
        <translation>OPML ファイルから購読を読み込む</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="110"/>
        <source>Export OPML…</source>
        <translation>OPML に書き出す…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="111"/>
        <source>Export subscriptions as OPML</source>
        <translation>購読を OPML に書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="113"/>
        <source>Fetch progress</source>
        <translation>取得の進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="117"/>
        <source>Sources status</source>
        <translation>情報源の状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="119"/>
        <source>Sources summary</source>
        <translation>情報源の概要</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="187"/>
        <source>1 source</source>
        <translation>情報源 1 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="187"/>
        <source>{count} sources</source>
        <translation>情報源 {count} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="189"/>
        <source>, {count} failing (the briefing uses their last good copy)</source>
        <translation>、{count} 件が失敗（ブリーフィングは最後に取得できた版を使います）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="190"/>
        <source>No sources yet: add a feed, page or calendar address above.</source>
        <translation>情報源はまだありません。上にフィード、ページ、カレンダーのアドレスを入力して追加してください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="216"/>
        <source>Looking at {address}…</source>
        <translation>{address} を確認しています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="231"/>
        <source>Fetching is switched off. Tick the box above to fetch your sources.</source>
        <translation>取得はオフになっています。情報源を取得するには上のボックスにチェックを入れてください。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="236"/>
        <source>Fetching…</source>
        <translation>取得しています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="243"/>
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="253"/>
        <source>Removed {name}.</source>
        <translation>{name} を削除しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="260"/>
        <source> Press Fetch now to fetch them.</source>
        <translation> 「今すぐ取得」を押すと取得します。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="270"/>
        <source>Wrote {path}.</source>
        <translation>{path} に書き出しました。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="292"/>
        <source>Added {name}: {found}.</source>
        <translation>{name} を追加しました：{found}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="299"/>
        <source>Fetched 1 source</source>
        <translation>情報源 1 件を取得しました</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="300"/>
        <source>Fetched {count} sources</source>
        <translation>情報源 {count} 件を取得しました</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="301"/>
        <source>; {count} failed (see Status)</source>
        <translation>、{count} 件が失敗（「状態」を参照）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="322"/>
        <source>Import OPML</source>
        <translation>OPML を読み込む</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="323"/>
        <source>OPML (*.opml *.xml);;All (*)</source>
        <translation>OPML (*.opml *.xml);;すべて (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="327"/>
        <source>Export OPML</source>
        <translation>OPML に書き出す</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="328"/>
        <source>OPML (*.opml)</source>
        <translation>OPML (*.opml)</translation>
    </message>
</context>
<context>
    <name>StageProgressWidget</name>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="11"/>
        <source>Loading models</source>
        <translation>モデルを読み込み中</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="12"/>
        <source>Reading sources</source>
        <translation>情報源を読み込み</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="13"/>
        <source>Writing and speaking</source>
        <translation>作成と読み上げ</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="14"/>
        <source>Summarising items</source>
        <translation>項目の要約</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="15"/>
        <source>Condensing documents</source>
        <translation>資料の圧縮</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="16"/>
        <source>Loading voices</source>
        <translation>声を読み込み</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="17"/>
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="18"/>
        <source>Downloading</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="19"/>
        <source>Writing the script</source>
        <translation>台本の作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="20"/>
        <location filename="../../app/ui/stage_progress_widget.py" line="21"/>
        <source>Voicing lines</source>
        <translation>台詞の音声化</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="22"/>
        <source>Mixing</source>
        <translation>ミキシング</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="23"/>
        <source>Loudness</source>
        <translation>音量の調整</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="24"/>
        <source>Saving files</source>
        <translation>ファイルを保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="25"/>
        <source>Adding the source</source>
        <translation>情報源の追加</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="26"/>
        <source>Fetching sources</source>
        <translation>情報源の取得</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="27"/>
        <source>Opening the episode</source>
        <translation>エピソードを開く</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="28"/>
        <source>Listening</source>
        <translation>聞き取り</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="29"/>
        <source>Transcribing</source>
        <translation>文字起こし</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="30"/>
        <source>Writing the answer</source>
        <translation>回答の作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="31"/>
        <source>Answering</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="32"/>
        <source>Warming up</source>
        <translation>準備</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="33"/>
        <source>Recording the attract clip</source>
        <translation>デモ表示用の音声を収録</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="45"/>
        <source>Progress by stage</source>
        <translation>段階ごとの進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="66"/>
        <source>{stage} progress</source>
        <translation>{stage}の進行状況</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="97"/>
        <source>done in {seconds} s</source>
        <translation>{seconds} 秒で完了</translation>
    </message>
    <message>
        <location filename="../../app/ui/stage_progress_widget.py" line="107"/>
        <source>done</source>
        <translation>完了</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../app/ui/today_view.py" line="36"/>
        <source>{count} subscriptions (Sources page)</source>
        <translation>購読 {count} 件（情報源ページ）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="39"/>
        <source>1 subscription (Sources page)</source>
        <translation>購読 1 件（情報源ページ）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="41"/>
        <source>No sources yet.</source>
        <translation>情報源はまだありません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="45"/>
        <source> and {count} more</source>
        <translation> ほか {count} 件</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="47"/>
        <source>1 source: {names}</source>
        <translation>情報源 1 件：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="49"/>
        <source>{count} sources: {names}</source>
        <translation>情報源 {count} 件：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="71"/>
        <source>{count} files</source>
        <translation>{count} ファイル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="73"/>
        <source>1 file</source>
        <translation>1 ファイル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="84"/>
        <source>The briefing could not be made.</source>
        <translation>ブリーフィングを作れませんでした。</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="94"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="97"/>
        <source>Sources in use</source>
        <translation>使用中の情報源</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="98"/>
        <source>Edit sources…</source>
        <translation>情報源を編集…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="99"/>
        <source>Edit sources in Settings</source>
        <translation>設定で情報源を編集</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="100"/>
        <location filename="../../app/ui/today_view.py" line="101"/>
        <source>Use the demo sources</source>
        <translation>デモの情報源を使う</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="102"/>
        <source>Generate briefing</source>
        <translation>ブリーフィングを作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="104"/>
        <source>Generate today&apos;s briefing</source>
        <translation>今日のブリーフィングを作成</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="106"/>
        <source>Generate today&apos;s briefing (Ctrl+G)</source>
        <translation>今日のブリーフィングを作成（Ctrl+G）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="107"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="108"/>
        <source>Cancel the briefing</source>
        <translation>ブリーフィングをキャンセル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="111"/>
        <source>Briefing status</source>
        <translation>ブリーフィングの状態</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="117"/>
        <source>Play while it is made</source>
        <translation>作りながら再生</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="118"/>
        <source>Play each sentence while the briefing is made</source>
        <translation>ブリーフィングを作りながら一文ずつ再生</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="121"/>
        <source>Hear the first sentences within seconds</source>
        <translation>数秒で最初の文が聞こえます</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="123"/>
        <source>Models that made this briefing</source>
        <translation>このブリーフィングを作ったモデル</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="125"/>
        <source>Press Generate to hear what your day holds. The transcript appears here, each item linked to where it came from.</source>
        <translation>「作成」を押すと、今日の予定やニュースを読み上げます。書き起こしがここに表示され、各項目から情報源を開けます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="127"/>
        <source>Notes about this briefing</source>
        <translation>このブリーフィングについてのお知らせ</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="179"/>
        <source>dddd d MMMM</source>
        <translation>M月d日（dddd）</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="180"/>
        <source>a {minutes}-minute spoken briefing</source>
        <translation>{minutes}分の音声ブリーフィング</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="211"/>
        <source>Preparing your briefing…</source>
        <translation>ブリーフィングを準備中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="231"/>
        <source>Cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="250"/>
        <source>Made by: {models}</source>
        <translation>作成したモデル：{models}</translation>
    </message>
    <message>
        <location filename="../../app/ui/today_view.py" line="251"/>
        <source>Ready: {length} of audio, saved as {name}. Press Play (Ctrl+P).</source>
        <translation>完成：音声 {length}、{name} として保存しました。「再生」（Ctrl+P）で聞けます。</translation>
    </message>
</context>
<context>
    <name>TranscriptWidget</name>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="78"/>
        <source>Transcript</source>
        <translation>書き起こし</translation>
    </message>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="79"/>
        <source>The spoken text; the sentence being heard is highlighted. Links open each item&apos;s source.</source>
        <translation>読み上げた文章です。いま聞こえている文が強調され、リンクから各項目の情報源を開けます。</translation>
    </message>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="88"/>
        <source>Nothing yet.</source>
        <translation>まだありません。</translation>
    </message>
    <message>
        <location filename="../../app/ui/transcript_widget.py" line="158"/>
        <source>From</source>
        <translation>出典：</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="12"/>
        <source>Daycast</source>
        <translation>Daycast</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="14"/>
        <source>Show Daycast</source>
        <translation>Daycast を表示</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="15"/>
        <source>Prepare today&apos;s briefing</source>
        <translation>今日のブリーフィングを準備</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray_icon.py" line="16"/>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>_SpeakerDelegate</name>
    <message>
        <location filename="../../app/ui/script_editor.py" line="39"/>
        <source>Speaker</source>
        <translation>スピーカー</translation>
    </message>
</context>
</TS>
