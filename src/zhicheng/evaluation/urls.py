from django.urls import path

from zhicheng.core.session import requires
from zhicheng.evaluation.views import ballots, meeting, member, pool, records, sessions

app_name = "evaluation"

urlpatterns = [
    path("pool/", requires("evaluation.manage_pool")(pool.pool_page), name="pool"),
    path("pool/<int:pk>/status/", pool.change_status, name="pool_status"),
    path("sessions/", requires("evaluation.manage_pool")(sessions.sessions_page),
         name="sessions"),
    path("sessions/<int:pk>/", sessions.session_page, name="session"),
    path("sessions/<int:pk>/commit/", sessions.commit, name="commit"),
    path("sessions/<int:pk>/draw/", sessions.draw, name="draw"),
    path("sessions/<int:pk>/replace/", sessions.replace, name="replace"),
    path("sessions/<int:pk>/record.json", sessions.record_json, name="record"),
    # The meeting (§5.3.2): the secretariat's steps on its session page.
    path("sessions/<int:pk>/appoint/", requires("evaluation.manage_pool")(meeting.appoint),
         name="appoint"),
    path("sessions/<int:pk>/start/", requires("evaluation.manage_pool")(meeting.start),
         name="start"),
    path("sessions/<int:pk>/end/", requires("evaluation.manage_pool")(meeting.end),
         name="end"),
    path("sessions/<int:pk>/deliberation/", requires("evaluation.manage_pool")(
        meeting.secretariat_deliberation), name="secretariat_deliberation"),
    # The members' pages.
    path("meetings/", requires("evaluation.sit_in_session")(member.my_sessions),
         name="my_sessions"),
    path("meetings/<int:pk>/", requires("evaluation.sit_in_session")(member.session_page),
         name="member_session"),
    path("meetings/<int:pk>/d/<int:decl>/", requires("evaluation.sit_in_session")(
        member.dossier_page), name="dossier"),
    path("meetings/<int:pk>/d/<int:decl>/opinion/", requires("evaluation.sit_in_session")(
        member.opinion), name="opinion"),
    path("meetings/<int:pk>/d/<int:decl>/conflict/", requires("evaluation.sit_in_session")(
        member.declare), name="declare_conflict"),
    path("meetings/<int:pk>/d/<int:decl>/report/", requires("evaluation.sit_in_session")(
        member.group_report), name="group_report"),
    path("meetings/<int:pk>/d/<int:decl>/deliberation/", requires(
        "evaluation.sit_in_session")(member.deliberation), name="deliberation"),
    path("meetings/<int:pk>/conflicts/", requires("evaluation.sit_in_session")(
        meeting.conflicts_page), name="conflicts"),
    path("meetings/<int:pk>/conflicts/<int:cid>/", requires("evaluation.sit_in_session")(
        meeting.decide), name="decide_conflict"),
    # The applicant's request, from their declaration's page.
    path("recusal/<int:decl>/", requires("evaluation.request_recusal")(member.recusal),
         name="request_recusal"),
    # 无记名投票 (§5.3.2)
    path("sessions/<int:pk>/ballot/", requires("evaluation.run_ballot")(ballots.control),
         name="ballot_control"),
    path("sessions/<int:pk>/ballot/trustees/",
         requires("evaluation.run_ballot")(ballots.name_trustees), name="ballot_trustees"),
    path("sessions/<int:pk>/ballot/open/", requires("evaluation.run_ballot")(ballots.open_round),
         name="ballot_open"),
    path("rounds/<int:round_id>/close/", requires("evaluation.run_ballot")(ballots.close_round),
         name="ballot_close"),
    path("rounds/<int:round_id>/tally/", requires("evaluation.run_ballot")(ballots.tally),
         name="ballot_tally"),
    path("ballot/", requires("evaluation.vote")(ballots.my_sessions), name="ballot_sessions"),
    path("sessions/<int:pk>/check-in/", requires("evaluation.vote")(ballots.check_in_page),
         name="ballot_check_in"),
    path("rounds/<int:round_id>/vote/", requires("evaluation.vote")(ballots.vote_page),
         name="ballot_vote"),
    path("rounds/<int:round_id>/credentials.json",
         requires("evaluation.vote")(ballots.credentials), name="ballot_credentials"),
    path("elections/<int:election_id>/cast/", requires("evaluation.vote")(ballots.cast),
         name="ballot_cast"),
    path("elections/<int:election_id>/ballots/",
         requires("evaluation.decrypt_tally")(ballots.ballot_list), name="ballot_list"),
    path("rounds/<int:round_id>/decrypt/",
         requires("evaluation.decrypt_tally")(ballots.decrypt_page), name="ballot_decrypt"),
    path("rounds/<int:round_id>/seal/", requires("evaluation.vote")(ballots.seal_page),
         name="ballot_seal"),
    path("trustee/", requires("evaluation.decrypt_tally")(ballots.trustee_rounds),
         name="ballot_trustee"),
    path("sessions/<int:pk>/minutes/", requires("evaluation.make_session_record")(records.make),
         name="make_minutes"),
    path("sessions/<int:pk>/minutes.pdf",
         requires("evaluation.view_session_record")(records.pdf), name="minutes_pdf"),
    path("sessions/<int:pk>/minutes.json",
         requires("evaluation.view_session_record")(records.json_file), name="minutes_json"),
]
