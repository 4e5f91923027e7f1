# gen_cli_docs.cmake: run the built parley to write its man page and shell completions (cmake -P).
# Inputs: PARLEY (the binary), OUT_DIR. The text comes from the command table in engine/main.c.
foreach(job "--man;parley.1" "--completion;bash;parley.bash" "--completion;zsh;_parley")
  list(POP_BACK job file)
  execute_process(COMMAND ${PARLEY} help ${job}
                  OUTPUT_FILE ${OUT_DIR}/${file}.tmp RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "parley help ${job} failed (${rc})")
  endif()
  file(RENAME ${OUT_DIR}/${file}.tmp ${OUT_DIR}/${file})
endforeach()
