from django.urls import path

from . import views, views_reports

app_name = "documents"

urlpatterns = [
    path("den/", views.incoming_list, name="incoming_list"),
    path("den/moi/", views.incoming_new, name="incoming_new"),
    path("di/", views.outgoing_list, name="outgoing_list"),
    path("di/moi/", views.outgoing_new, name="outgoing_new"),
    path("tim-kiem/", views.search, name="search"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/dang-ky/", views.incoming_new, name="register_received"),
    path("<int:pk>/trinh/", views.document_submit, name="submit"),
    path("<int:pk>/chi-dao/", views.document_direct, name="direct"),
    path("<int:pk>/phien-ban/", views.document_add_version, name="add_version"),
    path("<int:pk>/y-kien/", views.document_review, name="review"),
    path("<int:pk>/ban-hanh/", views.document_issue, name="issue"),
    path("<int:pk>/ky-so/", views.document_sign, name="sign"),
    path("<int:pk>/thu-hoi/", views.document_recall, name="recall"),
    path("<int:pk>/noi-nhan/<int:recipient_pk>/ban-giay/", views.recipient_paper_sent, name="paper_sent"),
    path("<int:pk>/dinh-chinh/", views.document_update, name="update"),
    path("<int:pk>/tra-loi-thu-hoi/", views.document_answer_change, name="answer_change"),
    path("<int:pk>/tep/<int:file_pk>/", views.document_file, name="file"),
    path("<int:pk>/luu-ho-so/", views_reports.file_document, name="file_document"),
    path("so/", views_reports.registers, name="registers"),
    path("ho-so/", views_reports.record_files, name="record_files"),
    path("ho-so/<int:pk>/", views_reports.record_file_detail, name="record_file"),
    path("giao/<int:pk>/chuyen/", views.assignment_delegate, name="delegate"),
    path("giao/<int:pk>/xong/", views.assignment_complete, name="complete"),
    path("giao/<int:pk>/chuyen-tiep/", views.assignment_forward, name="forward"),
    path("giao/<int:pk>/gia-han/", views.assignment_extension, name="extension"),
]
