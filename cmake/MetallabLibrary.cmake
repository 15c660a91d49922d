# metallab_library(NAME [DEPS targets...])
# One static library per core/ or sim/ folder: a folder is a concept, and its sources are every
# *.cc beside their headers. Dependencies between folders are explicit, so the layering shows;
# tests/layering checks them against the includes and docs/architecture.md.
function(metallab_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(NOT sources)
    message(STATUS "${name}: no sources yet in ${CMAKE_CURRENT_SOURCE_DIR}; not built")
    return()
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  metallab_record_layer(library ${name} ${CMAKE_CURRENT_SOURCE_DIR} ${ARG_DEPS})
endfunction()

# metallab_record_layer(KIND NAME DIR [DEPS...])
# Records "KIND NAME FOLDER DEPS..." for the layering test (tests/layering), which reads the
# layers.txt the top-level CMakeLists.txt writes. KIND: library or program (DEPS must name each
# folder its sources include) or test (reaching it through DEPS is enough).
function(metallab_record_layer kind name dir)
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${dir})
  set(deps "")
  foreach(dep IN LISTS ARGN)
    if(dep MATCHES "^metallab_")
      list(APPEND deps ${dep})
    endif()
  endforeach()
  list(JOIN deps " " deps_text)
  set_property(GLOBAL APPEND PROPERTY METALLAB_LAYERS "${kind} ${name} ${folder} ${deps_text}")
endfunction()

# metallab_test(NAME [GOLDEN] [DEPS targets...])
# One Catch2 program per mirrored tests/ folder; ctest sees every TEST_CASE on its own. GOLDEN
# marks the programs that also run in the optimized build (METALLAB_TEST_SCOPE=golden): the
# scenario replays, which users run optimized, and whose report and capture bytes must repeat
# run after run in that build as in the sanitized one.
function(metallab_test name)
  cmake_parse_arguments(ARG "GOLDEN" "" "DEPS" ${ARGN})
  if(METALLAB_TEST_SCOPE STREQUAL "golden" AND NOT ARG_GOLDEN)
    return()
  endif()
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(NOT sources)
    message(STATUS "${name}: no tests yet in ${CMAKE_CURRENT_SOURCE_DIR}; not built")
    return()
  endif()
  # catch_discover_tests splits test names at ';' (a CMake list separator): such a test would
  # silently never run under ctest. Refuse the name instead.
  foreach(source IN LISTS sources)
    file(STRINGS ${source} bad_names REGEX "TEST_CASE\\(\"[^\"]*;")
    if(bad_names)
      message(FATAL_ERROR "${source}: a TEST_CASE name contains ';', which ctest would split "
                          "and never run: ${bad_names}")
    endif()
  endforeach()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} metallab_catch_main)
  metallab_record_layer(test ${name} ${CMAKE_CURRENT_SOURCE_DIR} ${ARG_DEPS})
  metallab_test_compile_options(${name})
  # Catch2 and the standard headers, parsed once for all test programs (tests/support/test_pch.h).
  target_precompile_headers(${name} REUSE_FROM metallab_test_pch)
  catch_discover_tests(${name} TEST_PREFIX "${name}:"
                       PROPERTIES ENVIRONMENT "METALLAB_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

function(metallab_test_compile_options name)
  if(METALLAB_TEST_COMPILE_OPTIONS)
    target_compile_options(${name} PRIVATE ${METALLAB_TEST_COMPILE_OPTIONS})
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Without it clang stamps the precompiled header with its build time, and ccache will not
    # cache what uses it.
    target_compile_options(${name} PRIVATE "SHELL:-Xclang -fno-pch-timestamp")
  endif()
endfunction()
