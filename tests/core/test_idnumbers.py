from zhicheng.core.domain.idnumbers import explain, mask_id


def test_mask_keeps_region_and_last_four_only():
    assert mask_id("450103198001011233") == "450103********1233"
    assert mask_id("450103198001011233", head=3) == "450***********1233"
    assert mask_id("123") == "***"
    assert mask_id("") == ""


def test_explain_is_empty_for_a_valid_number():
    assert explain("450103198001011233") == ""
    assert explain(" 45010319800101123x ") == "身份证号码校验位不正确，请核对是否输错（GB 11643）。"
