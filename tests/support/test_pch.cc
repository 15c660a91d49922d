// The translation unit that owns tests/support/test_pch.h's precompiled form; test programs
// reuse it (target_precompile_headers REUSE_FROM).
