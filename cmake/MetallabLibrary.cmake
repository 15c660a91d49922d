# metallab_library(NAME DIR [DEPS targets...])
# One static library per core/ or sim/ folder: a folder is a concept, and its sources are every
# *.cc beside their headers. Dependencies between folders are explicit, so the layering shows.
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
endfunction()

# metallab_test(NAME DIR [DEPS targets...])
# One Catch2 program per mirrored tests/ folder; ctest sees every TEST_CASE on its own.
function(metallab_test name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
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
  catch_discover_tests(${name} TEST_PREFIX "${name}:"
                       PROPERTIES ENVIRONMENT "METALLAB_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
