/*
 * llmmetrics.h - umbrella header of libllmmetrics: include this one.
 * Each family has its own header (llmm_<family>.h) documenting its API.
 */
#ifndef LLMMETRICS_H
#define LLMMETRICS_H

#include "llmm_common.h"
#include "llmm_bleu.h"
#include "llmm_sketch.h"
#include "llmm_serve.h"
#include "llmm_porter.h"
#include "llmm_rouge.h"
#include "llmm_calib.h"
#include "llmm_class.h"
#include "llmm_squad.h"
#include "llmm_fair.h"
#include "llmm_prob.h"
#include "llmm_agree.h"
#include "llmm_corr.h"
#include "llmm_rank.h"
#include "llmm_semantic.h"
#include "llmm_wordnet.h"
#include "llmm_meteor.h"
#include "llmm_chrf.h"
#include "llmm_ter.h"
#include "llmm_signif.h"

#endif
