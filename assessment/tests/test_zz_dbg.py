import pytest
from assessment.tests.test_evidence import *  # noqa
def test_dbg(operator, sukamaju, two_answers):
    r = operator.post(url(sukamaju, two_answers[0], "unggah"), {"file": pdf("laporan.pdf", EXE)}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    i = body.find("notice")
    print(body[i-50:i+300])
